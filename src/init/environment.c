/*
 * The app's environment, before anything runs: secrets from files (file-env), defaults and fixed
 * values (default/set/unset), then the variables it cannot start without (require). Failures
 * exit 78: the container was started without what its configuration says it needs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harden-init.h"

/* A secret is a password, a key or a certificate, not a data file. */
#define MAX_SECRET_SIZE (1u << 20)

static int is_set(const char *name) {
    const char *value = getenv(name);
    return value && value[0] != '\0';
}

static void set_variable(const char *name, const char *value) {
    if (setenv(name, value, 1) < 0) fail(EXIT_OSERR, "cannot set %s: %s", name, strerror(errno));
}

/* The whole file, read as the starting user (root, normally: secrets may be readable by root only). */
static char *read_secret(const char *variable, const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(EXIT_CONFIG, "cannot read %s=%s: %s", variable, path, strerror(errno));
    struct text content = {0};
    char chunk[4096];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail(EXIT_CONFIG, "cannot read %s=%s: %s", variable, path, strerror(errno));
        if (got == 0) break;
        if (memchr(chunk, '\0', (size_t)got)) {
            fail(EXIT_CONFIG, "%s=%s holds a NUL byte, which an environment variable cannot", variable, path);
        }
        text_append(&content, chunk, (size_t)got);
        if (content.length > MAX_SECRET_SIZE) fail(EXIT_CONFIG, "%s=%s is larger than 1 MiB", variable, path);
    }
    close(fd);
    if (!content.bytes) return must_strdup("");
    if (content.length > 0 && content.bytes[content.length - 1] == '\n') content.bytes[--content.length] = '\0';
    return content.bytes;
}

void apply_file_env(const struct config *config) {
    for (size_t i = 0; i < config->step_count; i++) {
        const struct step *step = &config->steps[i];
        if (step->kind != STEP_FILE_ENV) continue;
        struct text file_variable = {0};
        text_append(&file_variable, step->first, strlen(step->first));
        text_append(&file_variable, "_FILE", 5);
        if (is_set(file_variable.bytes)) {
            if (is_set(step->first)) {
                fail(EXIT_CONFIG, "both %s and %s are set; set only one of them", step->first, file_variable.bytes);
            }
            char *secret = read_secret(file_variable.bytes, getenv(file_variable.bytes));
            set_variable(step->first, secret);
            free(secret);
            unsetenv(file_variable.bytes);
        }
        free(file_variable.bytes);
    }
}

void apply_environment(const struct config *config) {
    for (size_t i = 0; i < config->step_count; i++) {
        const struct step *step = &config->steps[i];
        if (step->kind == STEP_UNSET) {
            unsetenv(step->first);
        } else if (step->kind == STEP_SET || (step->kind == STEP_DEFAULT && !is_set(step->first))) {
            char *value = expand(step->second);
            set_variable(step->first, value);
            free(value);
        }
    }
}

void check_required(const struct config *config) {
    int missing = 0;
    for (size_t i = 0; i < config->step_count; i++) {
        const struct step *step = &config->steps[i];
        if (step->kind == STEP_REQUIRE && !is_set(step->first)) {
            note("required variable %s is not set", step->first);
            missing = 1;
        }
    }
    if (missing) exit(EXIT_CONFIG);
}
