/*
 * The configuration file (format 1), documented in README.md ("The init"):
 *
 *   harden-init 1
 *   user 1000 1000 1000,2000
 *   default "PORT" "8080"
 *   exec "/app/server" "--port=${PORT}"
 *
 * One directive per line; blank lines and lines whose first non-blank character is # are skipped.
 * Strings are double-quoted with the escapes \\ \" \n \t \xHH; numbers and modes are bare words.
 * src/core/init/initConfig.ts writes this format and validates it the same way: keep them in step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harden-init.h"

/* No configuration or keep list comes near this; a larger file is a mistake, not data. */
#define MAX_FILE_SIZE (64u << 20)
#define MAX_GROUPS 65536
#define MAX_ID 4294967294ul /* (uid_t)-1 means "unchanged" to the kernel */

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int is_control(char c) {
    return (unsigned char)c < 0x20 || c == 0x7f;
}

/* Decodes the quoted string starting at *cursor (on the opening quote) in place. */
static char *read_quoted(char **cursor, char *error, size_t error_size) {
    char *in = *cursor + 1;
    char *out = *cursor;
    char *value = out;
    for (;;) {
        char c = *in;
        if (c == '\0') {
            snprintf(error, error_size, "a string is not closed: a \" is missing");
            return NULL;
        }
        if (c == '"') break;
        if (is_control(c)) {
            snprintf(error, error_size, "a control character in a string must be written as an escape (\\t, \\n or \\xHH)");
            return NULL;
        }
        if (c != '\\') {
            *out++ = c;
            in++;
            continue;
        }
        char escaped = in[1];
        if (escaped == '\\' || escaped == '"') {
            *out++ = escaped;
        } else if (escaped == 'n') {
            *out++ = '\n';
        } else if (escaped == 't') {
            *out++ = '\t';
        } else if (escaped == 'x' && hex_value(in[2]) >= 0 && hex_value(in[3]) >= 0) {
            char byte = (char)(hex_value(in[2]) * 16 + hex_value(in[3]));
            if (byte == '\0') {
                snprintf(error, error_size, "\\x00: a string cannot hold a NUL byte");
                return NULL;
            }
            *out++ = byte;
            in += 2;
        } else {
            snprintf(error, error_size, "unknown escape in a string (known: \\\\ \\\" \\n \\t \\xHH)");
            return NULL;
        }
        in += 2;
    }
    in++; /* the closing quote */
    if (*in != '\0' && *in != ' ' && *in != '\t') {
        snprintf(error, error_size, "a string must be followed by a space or the end of the line");
        return NULL;
    }
    *out = '\0'; /* out is behind in: the decoded text is never longer than the quoted one */
    *cursor = in;
    return value;
}

int split_line(char *line, struct token **tokens, size_t *capacity, char *error, size_t error_size) {
    size_t count = 0;
    char *cursor = line;
    for (;;) {
        while (*cursor == ' ' || *cursor == '\t') cursor++;
        if (*cursor == '\0') return (int)count;
        if (count == *capacity) {
            *capacity = *capacity ? *capacity * 2 : 8;
            *tokens = must_realloc(*tokens, *capacity * sizeof **tokens);
        }
        struct token *token = &(*tokens)[count++];
        if (*cursor == '"') {
            token->quoted = 1;
            token->value = read_quoted(&cursor, error, error_size);
            if (!token->value) return -1;
            continue;
        }
        token->quoted = 0;
        token->value = cursor;
        while (*cursor != '\0' && *cursor != ' ' && *cursor != '\t') {
            if (*cursor == '"' || is_control(*cursor)) {
                snprintf(error, error_size, "a bare word holds a quote or a control character: quote the whole argument");
                return -1;
            }
            cursor++;
        }
        if (*cursor != '\0') *cursor++ = '\0';
    }
}

static int is_skipped(const char *line) {
    while (*line == ' ' || *line == '\t') line++;
    return *line == '\0' || *line == '#';
}

int read_lines(const char *path, int (*visit)(char *line, int number, void *context), void *context,
               char *error, size_t error_size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(error, error_size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    /* The buffer is never freed: the tokens of every line point into it. */
    struct text content = {0};
    char chunk[8192];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(error, error_size, "cannot read %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (got == 0) break;
        if (content.length + (size_t)got > MAX_FILE_SIZE) {
            snprintf(error, error_size, "%s is larger than %u MiB", path, MAX_FILE_SIZE >> 20);
            close(fd);
            return -1;
        }
        text_append(&content, chunk, (size_t)got);
    }
    close(fd);
    if (!content.bytes) return 0;
    char *line = content.bytes;
    char *end = content.bytes + content.length;
    for (int number = 1; line < end; number++) {
        char *newline = memchr(line, '\n', (size_t)(end - line));
        char *line_end = newline ? newline : end;
        if (memchr(line, '\0', (size_t)(line_end - line))) {
            snprintf(error, error_size, "%s:%d: the line holds a NUL byte", path, number);
            return -1;
        }
        *line_end = '\0';
        if (line_end > line && line_end[-1] == '\r') line_end[-1] = '\0'; /* a CRLF file */
        if (!is_skipped(line) && visit(line, number, context) != 0) return 0;
        line = line_end + 1;
    }
    return 0;
}

/* ---- directives ---- */

/*
 * Argument kinds: P absolute path, V variable name, E expandable string (all quoted);
 * I numeric id, M mode (octal, up to 07777), U umask (octal, up to 0777), G comma-separated ids (bare).
 */
struct form {
    const char *name;
    const char *arguments;
    int last_is_optional;
    int repeats_last; /* exec: one or more */
    enum step_kind kind;
    const char *synopsis;
};

static const struct form forms[] = {
    {"user", "IIG", 1, 0, STEP_NONE, "user UID GID [GROUPS]"},
    {"workdir", "P", 0, 0, STEP_NONE, "workdir \"PATH\""},
    {"umask", "U", 0, 0, STEP_NONE, "umask MODE"},
    {"file-env", "V", 0, 0, STEP_FILE_ENV, "file-env \"NAME\""},
    {"default", "VE", 0, 0, STEP_DEFAULT, "default \"NAME\" \"VALUE\""},
    {"set", "VE", 0, 0, STEP_SET, "set \"NAME\" \"VALUE\""},
    {"unset", "V", 0, 0, STEP_UNSET, "unset \"NAME\""},
    {"require", "V", 0, 0, STEP_REQUIRE, "require \"NAME\""},
    {"mkdir", "PMII", 0, 0, STEP_MKDIR, "mkdir \"PATH\" MODE UID GID"},
    {"chown", "PII", 0, 0, STEP_CHOWN, "chown \"PATH\" UID GID"},
    {"chmod", "PM", 0, 0, STEP_CHMOD, "chmod \"PATH\" MODE"},
    {"seed", "PP", 0, 0, STEP_SEED, "seed \"SOURCE\" \"TARGET\""},
    {"exec", "E", 0, 1, STEP_NONE, "exec \"ARG0\" \"ARG1\" ..."},
    {"app-is-pid1", "", 0, 0, STEP_NONE, "app-is-pid1"},
};

struct loading {
    struct config *config;
    int errors;
    int header_seen;
    int exec_seen;
    struct token *tokens;
    size_t token_capacity;
};

static void line_problem(struct loading *loading, int line, const char *format, const char *detail) {
    char message[768];
    snprintf(message, sizeof message, format, detail);
    note("%s:%d: %s", loading->config->path, line, message);
    loading->errors++;
}

/* Digits of `base` only, at most `max`; no sign, no prefix. */
static int parse_number(const char *text, unsigned base, unsigned long max, unsigned long *value) {
    *value = 0;
    if (*text == '\0') return -1;
    for (; *text; text++) {
        unsigned digit = (unsigned)(*text - '0');
        if (*text < '0' || digit >= base) return -1;
        *value = *value * base + digit;
        if (*value > max) return -1;
    }
    return 0;
}

static int parse_groups(struct config *config, char *list) {
    config->group_count = 0;
    for (char *item = list;;) {
        char *comma = strchr(item, ',');
        if (comma) *comma = '\0';
        unsigned long id;
        if (parse_number(item, 10, MAX_ID, &id) < 0 || config->group_count == MAX_GROUPS) return -1;
        config->groups = grow(config->groups, config->group_count, sizeof *config->groups);
        config->groups[config->group_count++] = (gid_t)id;
        if (!comma) return 0;
        item = comma + 1;
    }
}

/* Checks one argument against its kind; 0 when it fits. */
static int check_argument(struct loading *loading, int line, const struct form *form, char kind,
                          const struct token *token, unsigned long *number) {
    int wants_quotes = strchr("PVE", kind) != NULL;
    if (wants_quotes != token->quoted) {
        line_problem(loading, line, wants_quotes ? "%s: a string argument must be double-quoted"
                                                 : "%s: numbers, modes and groups are written bare, without quotes",
                     form->synopsis);
        return -1;
    }
    char reason[512];
    switch (kind) {
    case 'P':
        if (token->value[0] == '/') return 0;
        line_problem(loading, line, "the path \"%s\" is not absolute", token->value);
        return -1;
    case 'V':
        if (is_variable_name(token->value)) return 0;
        line_problem(loading, line, "\"%s\" is not a variable name (letters, digits and _, not starting with a digit)",
                     token->value);
        return -1;
    case 'E':
        if (check_expansions(token->value, reason, sizeof reason) == 0) return 0;
        line_problem(loading, line, "%s", reason);
        return -1;
    case 'I':
        if (parse_number(token->value, 10, MAX_ID, number) == 0) return 0;
        line_problem(loading, line, "\"%s\" is not a numeric id (0 to 4294967294)", token->value);
        return -1;
    case 'M':
    case 'U':
        if (parse_number(token->value, 8, kind == 'M' ? 07777 : 0777, number) == 0) return 0;
        line_problem(loading, line,
                     kind == 'M' ? "\"%s\" is not an octal mode (0 to 7777)" : "\"%s\" is not an octal umask (0 to 777)",
                     token->value);
        return -1;
    case 'G':
        if (parse_groups(loading->config, token->value) == 0) return 0;
        line_problem(loading, line, "%s must be a comma-separated list of numeric group ids, like 1000,2000", "GROUPS");
        return -1;
    default:
        return 0;
    }
}

static int once(struct loading *loading, int line, int *first_line, const char *name) {
    if (*first_line) {
        char detail[64];
        snprintf(detail, sizeof detail, "%s line (the first is line %d)", name, *first_line);
        line_problem(loading, line, "a second %s", detail);
        return -1;
    }
    *first_line = line;
    return 0;
}

/* Whether `path` is `directory` or below it. */
static int is_within(const char *path, const char *directory) {
    size_t length = strlen(directory);
    if (strcmp(directory, "/") == 0) return 1;
    return strncmp(path, directory, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

static void apply_directive(struct loading *loading, int line, const struct form *form, struct token *arguments,
                            size_t count, const unsigned long *numbers) {
    struct config *config = loading->config;
    if (form->kind != STEP_NONE) {
        config->steps = grow(config->steps, config->step_count, sizeof *config->steps);
        struct step *step = &config->steps[config->step_count++];
        *step = (struct step){.kind = form->kind, .line = line, .first = arguments[0].value};
        if (count > 1) step->second = arguments[1].value;
        if (form->kind == STEP_SEED && is_within(step->second, step->first)) {
            line_problem(loading, line, "%s", "the seed target is the source or lies inside it");
        }
        if (form->kind == STEP_MKDIR) {
            step->mode = (mode_t)numbers[1];
            step->uid = (uid_t)numbers[2];
            step->gid = (gid_t)numbers[3];
        } else if (form->kind == STEP_CHOWN) {
            step->uid = (uid_t)numbers[1];
            step->gid = (gid_t)numbers[2];
        } else if (form->kind == STEP_CHMOD) {
            step->mode = (mode_t)numbers[1];
        }
    } else if (strcmp(form->name, "user") == 0) {
        if (once(loading, line, &config->user_line, "user") < 0) return;
        config->uid = (uid_t)numbers[0];
        config->gid = (gid_t)numbers[1];
        if (count < 3) config->group_count = 0;
    } else if (strcmp(form->name, "workdir") == 0) {
        if (once(loading, line, &config->workdir_line, "workdir") < 0) return;
        config->workdir = arguments[0].value;
    } else if (strcmp(form->name, "umask") == 0) {
        if (once(loading, line, &config->umask_line, "umask") < 0) return;
        config->umask = (mode_t)numbers[0];
    } else if (strcmp(form->name, "app-is-pid1") == 0) {
        if (once(loading, line, &config->app_is_pid1_line, "app-is-pid1") < 0) return;
    } else {
        if (once(loading, line, &config->exec_line, "exec") < 0) return;
        config->argv = must_realloc(NULL, (count + 1) * sizeof *config->argv);
        for (size_t i = 0; i < count; i++) config->argv[i] = arguments[i].value;
        config->argv[count] = NULL;
        config->argc = count;
        if (config->argv[0][0] == '\0') line_problem(loading, line, "%s", "the program to run (ARG0) is empty");
    }
}

static int visit_config_line(char *line, int number, void *context) {
    struct loading *loading = context;
    char reason[256];
    int count = split_line(line, &loading->tokens, &loading->token_capacity, reason, sizeof reason);
    if (count < 0) {
        line_problem(loading, number, "%s", reason);
        return loading->header_seen ? 0 : 1;
    }
    struct token *tokens = loading->tokens;
    if (!loading->header_seen) {
        if (tokens[0].quoted || strcmp(tokens[0].value, "harden-init") != 0) {
            line_problem(loading, number, "%s", "the first line must be `harden-init 1` (the format version)");
            return 1;
        }
        if (count != 2 || tokens[1].quoted || strcmp(tokens[1].value, "1") != 0) {
            line_problem(loading, number, "%s", "format version not supported: this init reads `harden-init 1`");
            return 1;
        }
        loading->header_seen = 1;
        return 0;
    }
    const struct form *form = NULL;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (!tokens[0].quoted && strcmp(tokens[0].value, forms[i].name) == 0) form = &forms[i];
    }
    if (!form) {
        line_problem(loading, number, "unknown directive \"%s\"", tokens[0].value);
        return 0;
    }
    /* A wrong exec line is reported as such, not once more as a missing one. */
    if (strcmp(form->name, "exec") == 0) loading->exec_seen = 1;
    size_t wanted = strlen(form->arguments);
    size_t given = (size_t)count - 1;
    int fits = form->repeats_last ? given >= wanted
                                  : given == wanted || (form->last_is_optional && given == wanted - 1);
    if (!fits) {
        line_problem(loading, number, "wrong number of arguments: the form is %s", form->synopsis);
        return 0;
    }
    unsigned long numbers[4] = {0}; /* numeric arguments come only among the first four */
    unsigned long unused;
    int bad = 0;
    for (size_t i = 0; i < given; i++) {
        char kind = form->arguments[i < wanted ? i : wanted - 1];
        if (check_argument(loading, number, form, kind, &tokens[i + 1], i < 4 ? &numbers[i] : &unused) < 0) bad = 1;
    }
    if (!bad) apply_directive(loading, number, form, tokens + 1, given, numbers);
    return 0;
}

int load_config(const char *path, struct config *config) {
    *config = (struct config){.path = path};
    struct loading loading = {.config = config};
    char error[512];
    if (read_lines(path, visit_config_line, &loading, error, sizeof error) < 0) {
        note("%s", error);
        return 1;
    }
    if (!loading.header_seen && loading.errors == 0) {
        note("%s: the file is empty: its first line must be `harden-init 1`", path);
        loading.errors++;
    } else if (loading.header_seen && !loading.exec_seen) {
        note("%s: there is no exec line naming the app to run", path);
        loading.errors++;
    }
    return loading.errors;
}
