/*
 * Parameter expansion without a shell, for the values of default/set and the app's argv:
 *
 *   $$                    a literal $
 *   $NAME  ${NAME}        the value, empty when unset
 *   ${NAME:-word}         word when NAME is unset or empty      (${NAME-word}: only when unset)
 *   ${NAME:=word}         the same, and NAME is set to word     (${NAME=word}: only when unset)
 *   ${NAME:?message}      exit 78 with the message when unset or empty (${NAME?message}: unset)
 *
 * A word may use $$, $NAME and ${NAME}, one level deep. Nothing else a shell would do happens: no
 * command substitution, globbing or word splitting, so one string is always one argument. Any other
 * use of $ is an error, found by `--check` at build time rather than guessed at at run time.
 * One parser serves both: checking walks the text without the environment, expanding evaluates it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harden-init.h"

struct parser {
    const char *cursor;
    char *error;
    size_t error_size;
};

static int is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static size_t name_length(const char *text) {
    if (!is_name_start(*text)) return 0;
    size_t length = 1;
    while (is_name_start(text[length]) || (text[length] >= '0' && text[length] <= '9')) length++;
    return length;
}

int is_variable_name(const char *name) {
    size_t length = name_length(name);
    return length > 0 && name[length] == '\0';
}

static int unsupported(struct parser *parser, const char *start, int in_word) {
    size_t shown = strcspn(start + 1, "$} ");
    if (start[1 + shown] == '}') shown++;
    if (shown > 24) shown = 24;
    snprintf(parser->error, parser->error_size,
             in_word ? "\"%.*s\": inside ${NAME:-word} and its kin the word may use only $NAME, ${NAME} and $$"
                     : "\"%.*s\" is not an expansion harden-init knows ($NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, "
                       "${NAME:=word}, ${NAME=word}, ${NAME:?message}, ${NAME?message}); write $$ for a literal $",
             (int)(shown + 1), start);
    return -1;
}

static void append_value(struct text *out, const char *name, size_t length) {
    char *copy = must_realloc(NULL, length + 1);
    memcpy(copy, name, length);
    copy[length] = '\0';
    const char *value = getenv(copy);
    if (value) text_append(out, value, strlen(value));
    free(copy);
}

/* The operator forms: the word runs to the matching }, then the operator decides. */
static int operator_form(struct parser *parser, struct text *out, const char *start, char *name, char colon, char op) {
    const char *value = out ? getenv(name) : NULL;
    int missing = out && (!value || (colon && value[0] == '\0'));
    struct text word = {0};
    int failed = 0;
    while (!failed && *parser->cursor != '}') {
        if (*parser->cursor == '\0') {
            snprintf(parser->error, parser->error_size, "\"%.24s\" has no closing }", start);
            failed = 1;
        } else if (*parser->cursor == '$') {
            const char *reference = parser->cursor;
            const char *after = reference + 1;
            size_t length = *after == '{' ? name_length(after + 1) : name_length(after);
            if (*after == '$') {
                if (missing) text_append_char(&word, '$');
                parser->cursor = after + 1;
            } else if (*after != '{' && length > 0) {
                if (missing) append_value(&word, after, length);
                parser->cursor = after + length;
            } else if (*after == '{' && length > 0 && after[1 + length] == '}') {
                if (missing) append_value(&word, after + 1, length);
                parser->cursor = after + length + 2;
            } else {
                failed = unsupported(parser, reference, 1) < 0;
            }
        } else {
            if (missing) text_append_char(&word, *parser->cursor);
            parser->cursor++;
        }
    }
    if (failed) {
        free(word.bytes);
        return -1;
    }
    parser->cursor++; /* the closing } */
    const char *result = missing ? (word.bytes ? word.bytes : "") : value;
    if (missing && op == '?') {
        if (result[0] == '\0') fail(EXIT_CONFIG, "required variable %s is not set", name);
        fail(EXIT_CONFIG, "%s: %s", name, result);
    }
    if (missing && op == '=' && setenv(name, result, 1) < 0) fail(EXIT_OSERR, "cannot set %s", name);
    if (out && result) text_append(out, result, strlen(result));
    free(word.bytes);
    return 0;
}

/* One expansion at the cursor (a $); `out` NULL: check only. */
static int expansion(struct parser *parser, struct text *out) {
    const char *start = parser->cursor;
    const char *after = start + 1;
    if (*after == '$') {
        if (out) text_append_char(out, '$');
        parser->cursor = after + 1;
        return 0;
    }
    size_t length = name_length(after);
    if (length > 0) {
        if (out) append_value(out, after, length);
        parser->cursor = after + length;
        return 0;
    }
    if (*after != '{' || (length = name_length(after + 1)) == 0) return unsupported(parser, start, 0);
    const char *name_end = after + 1 + length;
    if (*name_end == '}') {
        if (out) append_value(out, after + 1, length);
        parser->cursor = name_end + 1;
        return 0;
    }
    char colon = *name_end == ':' ? ':' : 0;
    char op = name_end[colon ? 1 : 0];
    if (op != '-' && op != '=' && op != '?') return unsupported(parser, start, 0);
    char *name = must_realloc(NULL, length + 1);
    memcpy(name, after + 1, length);
    name[length] = '\0';
    parser->cursor = name_end + (colon ? 2 : 1);
    int result = operator_form(parser, out, start, name, colon, op);
    free(name);
    return result;
}

static int walk(const char *text, struct text *out, char *error, size_t error_size) {
    struct parser parser = {.cursor = text, .error = error, .error_size = error_size};
    while (*parser.cursor) {
        if (*parser.cursor != '$') {
            size_t plain = strcspn(parser.cursor, "$");
            if (out) text_append(out, parser.cursor, plain);
            parser.cursor += plain;
        } else if (expansion(&parser, out) < 0) {
            return -1;
        }
    }
    return 0;
}

int check_expansions(const char *text, char *error, size_t error_size) {
    return walk(text, NULL, error, error_size);
}

char *expand(const char *text) {
    struct text out = {0};
    char error[512];
    /* load_config checked every expanded string, so this fails only on a bug. */
    if (walk(text, &out, error, sizeof error) < 0) fail(EXIT_CONFIG, "%s", error);
    return out.bytes ? out.bytes : must_strdup("");
}
