/*
 * harden-init: a small static init for containers that run shell-less on a read-only root.
 *
 *   harden-init [--config PATH] [--] [ARG…]  run the app (ARG…, else the configuration's exec line) as PID 1
 *   harden-init --check [--config PATH]  validate the configuration (exit 0, or 78 with lines)
 *   harden-init --prune KEEPLIST         inside `docker build`: delete what the image does not need
 *   harden-init --version
 *
 * The start, in this order (README.md, "The init"): read and validate the configuration, file-env,
 * default/set/unset, require, start-up steps (as the starting user), umask, drop to the configured
 * user, seeds (as that user), workdir, expand the app's argv, then fork the app and stay as its PID 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harden-init.h"

#ifndef HARDEN_INIT_VERSION
#define HARDEN_INIT_VERSION "dev"
#endif

static void vnote(const char *format, va_list arguments) {
    char line[1024];
    static const char prefix[] = "harden-init: ";
    memcpy(line, prefix, sizeof prefix - 1);
    size_t room = sizeof line - (sizeof prefix - 1) - 1;
    int written = vsnprintf(line + sizeof prefix - 1, room + 1, format, arguments);
    size_t length = sizeof prefix - 1 + (written < 0 ? 0 : (size_t)written > room ? room : (size_t)written);
    for (size_t i = sizeof prefix - 1; i < length; i++) {
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f) line[i] = '?';
    }
    line[length++] = '\n';
    /* One write per message, so lines from the init and the app do not interleave mid-line. */
    if (write(STDERR_FILENO, line, length) < 0) { /* nowhere left to report it */ }
}

void note(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vnote(format, arguments);
    va_end(arguments);
}

_Noreturn void fail(int code, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vnote(format, arguments);
    va_end(arguments);
    exit(code);
}

void *must_realloc(void *pointer, size_t size) {
    void *grown = realloc(pointer, size ? size : 1);
    if (!grown) fail(EXIT_OSERR, "out of memory");
    return grown;
}

void *grow(void *array, size_t count, size_t element_size) {
    int full = count >= 8 ? (count & (count - 1)) == 0 : count == 0;
    return full ? must_realloc(array, (count ? count * 2 : 8) * element_size) : array;
}

char *must_strdup(const char *text) {
    size_t size = strlen(text) + 1;
    return memcpy(must_realloc(NULL, size), text, size);
}

void text_append(struct text *text, const char *bytes, size_t length) {
    if (text->length + length + 1 > text->capacity) {
        text->capacity = (text->length + length + 1) * 2;
        text->bytes = must_realloc(text->bytes, text->capacity);
    }
    memcpy(text->bytes + text->length, bytes, length);
    text->length += length;
    text->bytes[text->length] = '\0';
}

void text_append_char(struct text *text, char c) {
    text_append(text, &c, 1);
}

static _Noreturn void usage(const char *problem) {
    note("%s", problem);
    fail(EXIT_USAGE,
         "usage: harden-init [--config PATH] [--] [ARG...] | --check [--config PATH] | --prune KEEPLIST | --version");
}

static _Noreturn void start(const char *config_path, char **command, int command_count) {
    /*
     * Signals stay blocked from here on in the init: one that arrives during the start-up steps
     * waits, and the app gets it as soon as it runs (supervise forwards what is pending).
     */
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);

    struct config config;
    if (load_config(config_path, &config) > 0) exit(EXIT_CONFIG);
    apply_file_env(&config);
    apply_environment(&config);
    check_required(&config);

    /* Steps set exact modes; the app gets the configured umask, or the one the init was given. */
    mode_t inherited_umask = umask(0);
    run_startup_steps(&config, 0);
    umask(config.umask_line ? config.umask : inherited_umask);

    drop_privileges(&config);
    run_startup_steps(&config, 1);
    if (config.workdir && chdir(config.workdir) < 0) {
        fail(EXIT_OSERR, "cannot change to workdir %s: %s", config.workdir, strerror(errno));
    }
    /* `docker run IMAGE ARGS…` (the image's CMD) replaces the exec line, with the same expansion. */
    if (command_count > 0) {
        config.argv = command;
        config.argc = (size_t)command_count;
    }
    for (size_t i = 0; i < config.argc; i++) config.argv[i] = expand(config.argv[i]);
    /*
     * An app that drops privileges itself (a root daemon switching to its user) could be signalled
     * by a root init only with KILL; one that stops on the signal and reaps its children by itself
     * needs no init: it takes PID 1 over.
     */
    if (config.app_is_pid1_line) hand_over(config.argv);
    supervise(config.argv);
}

int main(int argc, char **argv) {
    const char *config_path = DEFAULT_CONFIG_PATH;
    const char *keep_list = NULL;
    int check = 0;
    int first_argument = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0) {
            if (++i == argc) usage("--config needs a path");
            config_path = argv[i];
        } else if (strcmp(argv[i], "--check") == 0) {
            check = 1;
        } else if (strcmp(argv[i], "--prune") == 0) {
            if (++i == argc) usage("--prune needs the path of a keep list");
            keep_list = argv[i];
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("harden-init %s (configuration format %d)\n", HARDEN_INIT_VERSION, CONFIG_FORMAT_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--") == 0) {
            first_argument = i + 1;
            break;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            char problem[512];
            snprintf(problem, sizeof problem, "unknown option \"%s\" (the app's arguments go after --)", argv[i]);
            usage(problem);
        } else {
            /* The image's CMD: the app's command line, instead of the configuration's exec line. */
            first_argument = i;
            break;
        }
    }
    if (first_argument < argc && (keep_list || check)) usage("--check and --prune take no command");
    if (keep_list) {
        if (check) usage("--prune and --check do not go together");
        prune_image(keep_list);
    }
    if (check) {
        struct config config;
        return load_config(config_path, &config) > 0 ? EXIT_CONFIG : 0;
    }
    start(config_path, argv + first_argument, argc - first_argument);
}
