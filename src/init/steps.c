/*
 * Start-up steps (mkdir, chown, chmod, seed) and the privilege drop.
 *
 * The steps run as the starting user, in file order, and act only where the file system differs
 * from what they ask for. So the same configuration works when the container starts as root on a
 * fresh tmpfs, and when it starts as the target user on a volume that already has the right owner
 * (where a chown, even a no-op one, could fail).
 *
 * The drop happens in the init itself, before it forks: the init and the app then share a uid, so
 * the init can forward signals to the app without CAP_KILL (an init that stays root with all
 * capabilities dropped cannot signal an app running as another user).
 */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harden-init.h"

/* Ends the init naming the step, its line and why it failed. */
static _Noreturn void step_failed(const struct step *step, const char *call, int error) {
    static const char *const names[] = {[STEP_MKDIR] = "mkdir", [STEP_CHOWN] = "chown", [STEP_CHMOD] = "chmod"};
    fail(EXIT_OSERR, "line %d: %s %s: %s: %s", step->line, names[step->kind], step->first, call, strerror(error));
}

static void ensure_owner(const struct step *step, const struct stat *status) {
    if (status->st_uid == step->uid && status->st_gid == step->gid) return;
    if (lchown(step->first, step->uid, step->gid) < 0) step_failed(step, "lchown", errno);
}

static void ensure_mode(const struct step *step, const struct stat *status) {
    if ((status->st_mode & 07777) == step->mode) return;
    if (chmod(step->first, step->mode) < 0) step_failed(step, "chmod", errno);
}

/* mkdir -p: the missing parents get 0755 and the starting user as owner. */
static void make_parents(const struct step *step) {
    char *path = must_strdup(step->first);
    for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST) step_failed(step, "mkdir of a parent", errno);
        *slash = '/';
    }
    free(path);
}

static void run_mkdir(const struct step *step) {
    make_parents(step);
    if (mkdir(step->first, step->mode & 0777) < 0 && errno != EEXIST) step_failed(step, "mkdir", errno);
    struct stat status;
    if (lstat(step->first, &status) < 0) step_failed(step, "lstat", errno);
    if (!S_ISDIR(status.st_mode)) step_failed(step, "lstat", ENOTDIR);
    ensure_owner(step, &status);
    /* A chown may clear the setgid bit; the mode comes last and is compared afresh. */
    if (lstat(step->first, &status) < 0) step_failed(step, "lstat", errno);
    ensure_mode(step, &status);
}

void run_startup_steps(const struct config *config, int seeds) {
    for (size_t i = 0; i < config->step_count; i++) {
        const struct step *step = &config->steps[i];
        struct stat status;
        /* Seeds are copied as the app's user, after the drop: they belong to it, and a data path
         * owned by it (mode 0700, as databases want) admits no one else without DAC_OVERRIDE. */
        if ((step->kind == STEP_SEED) != (seeds != 0)) continue;
        switch (step->kind) {
        case STEP_MKDIR:
            run_mkdir(step);
            break;
        case STEP_CHOWN:
            if (lstat(step->first, &status) < 0) step_failed(step, "lstat", errno);
            ensure_owner(step, &status);
            break;
        case STEP_CHMOD:
            /* chmod follows a symbolic link (Linux has no lchmod), so the comparison does too. */
            if (stat(step->first, &status) < 0) step_failed(step, "stat", errno);
            ensure_mode(step, &status);
            break;
        case STEP_SEED:
            seed_tree(step);
            break;
        default:
            break;
        }
    }
}

void drop_privileges(const struct config *config) {
    if (!config->user_line) return;
    uid_t uid = config->uid;
    gid_t gid = config->gid;
    /* Started as that user already (docker run --user, runAsUser): nothing to drop, nothing to gain. */
    if (getuid() == uid && geteuid() == uid && getgid() == gid && getegid() == gid) return;
    const gid_t *groups = config->group_count ? config->groups : &gid;
    size_t group_count = config->group_count ? config->group_count : 1;
    const char *call = NULL;
    if (setgroups(group_count, groups) < 0) {
        call = "setgroups";
    } else if (setgid(gid) < 0) {
        call = "setgid";
    } else if (setuid(uid) < 0) {
        call = "setuid";
    }
    if (call) fail(EXIT_OSERR, "cannot drop to user %u:%u: %s: %s", uid, gid, call, strerror(errno));
}
