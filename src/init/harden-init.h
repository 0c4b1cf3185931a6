/*
 * harden-init: the PID 1 of a hardened image. Declarations shared by its parts:
 *
 *   harden-init.c  command line and the start sequence
 *   config.c       the configuration file (and the quoted-string lexer the keep list reuses)
 *   expand.c       $NAME / ${NAME:-word} expansion without a shell
 *   environment.c  file-env, default/set/unset, require
 *   steps.c        mkdir/chown/chmod start-up steps and the privilege drop
 *   seed.c         first-start copy of a tree into an empty volume
 *   supervise.c    fork, exec, signal forwarding, reaping
 *   prune.c        --prune: deleting what an image does not need, inside `docker build`
 *
 * Written for a static musl build: no threads, no locale, stdio only for the files it reads.
 */
#ifndef HARDEN_INIT_H
#define HARDEN_INIT_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define DEFAULT_CONFIG_PATH "/.harden/init.conf"
#define CONFIG_FORMAT_VERSION 1

/* Exit codes of the init itself (sysexits.h), distinct from the app's, which it passes through. */
#define EXIT_USAGE 64    /* EX_USAGE: a bad command line */
#define EXIT_OSERR 71    /* EX_OSERR: a start-up step, the privilege drop or a copy failed */
#define EXIT_CONFIG 78   /* EX_CONFIG: a bad configuration, or the environment it requires is missing */
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

/* ---- messages (harden-init.c) ---- */

/* One line on stderr, prefixed "harden-init: "; control characters become '?' so it stays one line. */
void note(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* note(), then exit with `code`. */
_Noreturn void fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* malloc/realloc/strdup that end the init (71) when memory runs out instead of returning NULL. */
void *must_realloc(void *pointer, size_t size);
char *must_strdup(const char *text);
/* `array` with room for element number `count` (0-based), for arrays grown one element at a time:
   the capacity doubles at each power of two, so appending n elements copies O(n) in all. */
void *grow(void *array, size_t count, size_t element_size);

/* A growing byte string, always NUL-terminated. */
struct text {
    char *bytes;
    size_t length;
    size_t capacity;
};
void text_append(struct text *text, const char *bytes, size_t length);
void text_append_char(struct text *text, char c);

/* ---- lexing (config.c) ---- */

/* One argument of a line: a bare word (directive names, numbers, modes) or a decoded quoted string. */
struct token {
    char *value; /* NUL-terminated; a quoted string's escapes are already decoded */
    int quoted;
};

/*
 * Splits `line` (modified in place) into tokens. Returns the number of tokens, or -1 with a
 * one-sentence reason in `error`. `*tokens` is grown as needed (owned by the caller).
 */
int split_line(char *line, struct token **tokens, size_t *capacity, char *error, size_t error_size);
/* Calls `visit` for each line that is neither blank nor a comment; the buffer is read whole. */
int read_lines(const char *path, int (*visit)(char *line, int number, void *context), void *context,
               char *error, size_t error_size);

/* ---- the configuration (config.c) ---- */

enum step_kind {
    STEP_NONE, /* user, workdir, umask, exec: settings rather than steps */
    STEP_FILE_ENV,
    STEP_DEFAULT,
    STEP_SET,
    STEP_UNSET,
    STEP_REQUIRE,
    STEP_MKDIR,
    STEP_CHOWN,
    STEP_CHMOD,
    STEP_SEED,
};

/* A directive that runs in a phase, in file order within its phase. */
struct step {
    enum step_kind kind;
    int line;
    char *first;  /* NAME, PATH or SOURCE */
    char *second; /* VALUE or TARGET */
    mode_t mode;
    uid_t uid;
    gid_t gid;
};

struct config {
    const char *path;
    int user_line; /* 0: no user directive */
    uid_t uid;
    gid_t gid;
    gid_t *groups; /* NULL: just gid */
    size_t group_count;
    int workdir_line;
    char *workdir;
    int umask_line;
    mode_t umask;
    struct step *steps;
    size_t step_count;
    char **argv; /* NULL-terminated, not yet expanded */
    size_t argc;
    int exec_line;
    int app_is_pid1_line; /* 0: the init stays PID 1 and supervises the app */
};

/* Reads and validates the configuration; prints every problem with its line and returns their count. */
int load_config(const char *path, struct config *config);

/* ---- expansion (expand.c) ---- */

/* Whether `name` is an environment variable name: [A-Za-z_][A-Za-z0-9_]*. */
int is_variable_name(const char *name);
/* Checks the expansion syntax of `text`; returns 0, or -1 with a reason in `error`. */
int check_expansions(const char *text, char *error, size_t error_size);
/* Expands `text` against the environment (assigning for := and =); exits 78 on ${NAME:?message}. */
char *expand(const char *text);

/* ---- phases of the start (environment.c, steps.c, seed.c) ---- */

void apply_file_env(const struct config *config);
void apply_environment(const struct config *config);
void check_required(const struct config *config);
void run_startup_steps(const struct config *config, int seeds);
void drop_privileges(const struct config *config);
/* Copies the tree `source` into `target` when `target` is missing or an empty directory. */
void seed_tree(const struct step *step);

/* ---- PID 1 (supervise.c) ---- */

/* Forks the app, forwards signals to it, reaps every child; exits with the app's status. */
_Noreturn void supervise(char **argv);
/* Becomes the app (exec, no fork): for an app that handles the stop signal and reaps its children itself. */
_Noreturn void hand_over(char **argv);

/* ---- build-time pruning (prune.c) ---- */

_Noreturn void prune_image(const char *keep_list_path);

#endif
