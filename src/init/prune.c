/*
 * --prune KEEPLIST: run as root inside `docker build`, in a stage FROM the development image, it
 * leaves only what the profile saw the app use. A later `COPY --from=that-stage / /` into a
 * FROM scratch stage then carries the files over with their owners and modes.
 *
 * The keep list has one double-quoted absolute path per line (the configuration's escapes), and
 * # comments. Every non-directory not in the list is deleted; every directory not in the list that
 * ends up empty is removed, deepest first; listed directories stay even when empty. The walk never
 * follows a symbolic link and never leaves the file system of / (the build container's /proc, /sys,
 * /dev and its bind-mounted /etc/hosts, /etc/resolv.conf and /etc/hostname are left as they are,
 * and so are /.dockerenv and /etc/mtab, which the classic builder adds to every build container),
 * and /.harden with everything below it stays. A listed path reached through symbolic links keeps
 * those links, and a listed link keeps what it finally points to, so /bin/ls in a merged-/usr image
 * keeps the link /bin and the file /usr/bin/ls.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harden-init.h"

#define HARDEN_DIR "/.harden"

/*
 * Files Docker's classic builder adds to each build container (its init layer), not the image's.
 * Deleting them records whiteouts of files the image never had; in an image without /etc the
 * committed layer then holds an /etc with nothing but a whiteout, and the next stage's
 * `COPY --from=pruned / /` fails on it (`lstat …/etc/mtab: no such file or directory`).
 */
static int is_build_container_file(const char *path) {
    return strcmp(path, "/.dockerenv") == 0 || strcmp(path, "/etc/mtab") == 0;
}

struct keep_list {
    const char *path;
    char **paths;
    size_t count;
    int errors;
    struct token *tokens;
    size_t token_capacity;
};

struct pruning {
    const struct keep_list *keep;
    dev_t device;
    unsigned long kept;
    unsigned long removed_files;
    unsigned long removed_directories;
    int failures;
};

static void add_path(struct keep_list *keep, const char *path) {
    keep->paths = grow(keep->paths, keep->count, sizeof *keep->paths);
    keep->paths[keep->count++] = must_strdup(path);
}

/* Absolute, no empty, . or .. components, no trailing slash: the form the walk compares with. */
static int is_plain_absolute(const char *path) {
    if (path[0] != '/') return 0;
    if (path[1] == '\0') return 1;
    for (const char *component = path + 1;;) {
        size_t length = strcspn(component, "/");
        if (length == 0 || (length == 1 && component[0] == '.') || (length == 2 && strncmp(component, "..", 2) == 0)) {
            return 0;
        }
        if (component[length] == '\0') return 1;
        component += length + 1;
    }
}

static int visit_keep_line(char *line, int number, void *context) {
    struct keep_list *keep = context;
    char reason[512];
    int count = split_line(line, &keep->tokens, &keep->token_capacity, reason, sizeof reason);
    if (count >= 0 && (count != 1 || !keep->tokens[0].quoted)) {
        snprintf(reason, sizeof reason, "a line of a keep list is one double-quoted path");
        count = -1;
    } else if (count == 1 && !is_plain_absolute(keep->tokens[0].value)) {
        snprintf(reason, sizeof reason, "\"%.200s\" is not a plain absolute path (no //, . or .. and no trailing /)",
                 keep->tokens[0].value);
        count = -1;
    }
    if (count < 0) {
        note("%s:%d: %s", keep->path, number, reason);
        keep->errors++;
        return 0;
    }
    add_path(keep, keep->tokens[0].value);
    return 0;
}

static int compare_paths(const void *left, const void *right) {
    return strcmp(*(char *const *)left, *(char *const *)right);
}

static int is_kept(const struct keep_list *keep, const char *path) {
    return bsearch(&path, keep->paths, keep->count, sizeof *keep->paths, compare_paths) != NULL;
}

/*
 * The links met on the way to `path`, and what it resolves to, as the walk will see them: each
 * component is looked up below the resolved (real) path of its parent.
 */
static void add_resolved_forms(struct keep_list *keep, const char *path) {
    char parent[PATH_MAX] = "/";
    char *prefix = must_strdup(path);
    for (char *end = prefix + 1;; end++) {
        if (*end != '/' && *end != '\0') continue;
        char saved = *end;
        *end = '\0';
        const char *name = strrchr(prefix, '/') + 1;
        char seen[PATH_MAX + NAME_MAX + 2];
        snprintf(seen, sizeof seen, "%s%s%s", strcmp(parent, "/") == 0 ? "" : parent, "/", name);
        struct stat status;
        int is_link = lstat(seen, &status) == 0 && S_ISLNK(status.st_mode);
        if (is_link || saved == '\0') add_path(keep, seen);
        char resolved[PATH_MAX];
        if (!realpath(prefix, resolved)) break;
        if (saved == '\0') {
            if (is_link) add_path(keep, resolved);
            break;
        }
        memcpy(parent, resolved, sizeof parent);
        *end = saved;
    }
    free(prefix);
}

static void read_keep_list(struct keep_list *keep) {
    char error[512];
    if (read_lines(keep->path, visit_keep_line, keep, error, sizeof error) < 0) fail(EXIT_CONFIG, "%s", error);
    if (keep->errors) exit(EXIT_CONFIG);
    size_t listed = keep->count;
    for (size_t i = 0; i < listed; i++) {
        struct stat status;
        if (lstat(keep->paths[i], &status) < 0) {
            if (errno == ENOENT) note("%s (from %s) does not exist", keep->paths[i], keep->path);
            else note("%s (from %s): %s", keep->paths[i], keep->path, strerror(errno));
            continue;
        }
        add_resolved_forms(keep, keep->paths[i]);
    }
    qsort(keep->paths, keep->count, sizeof *keep->paths, compare_paths);
}

/* Prunes the directory open as `dir_fd` whose path is `path`; returns how many entries it still has. */
static unsigned long prune_directory(struct pruning *pruning, int dir_fd, struct text *path) {
    /* The names first, then the deletions: a directory is not changed while it is being read. */
    DIR *dir = fdopendir(dir_fd);
    if (!dir) {
        note("cannot read %s: %s", path->length ? path->bytes : "/", strerror(errno));
        pruning->failures++;
        return 1;
    }
    char **names = NULL;
    size_t count = 0;
    for (struct dirent *entry; (entry = readdir(dir));) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        names = grow(names, count, sizeof *names);
        names[count++] = must_strdup(entry->d_name);
    }

    unsigned long remaining = 0;
    size_t length = path->length;
    for (size_t i = 0; i < count; i++) {
        text_append_char(path, '/');
        text_append(path, names[i], strlen(names[i]));
        struct stat status;
        int gone = 0;
        if (fstatat(dir_fd, names[i], &status, AT_SYMLINK_NOFOLLOW) < 0) {
            gone = errno == ENOENT;
        } else if (status.st_dev != pruning->device || strcmp(path->bytes, HARDEN_DIR) == 0 || is_build_container_file(path->bytes)) {
            /* Another file system (a mount of the build container), the init's own directory, or the builder's files. */
        } else if (S_ISDIR(status.st_mode)) {
            int child = openat(dir_fd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            unsigned long left = child < 0 ? 1 : prune_directory(pruning, child, path);
            if (child < 0) {
                note("cannot open %s: %s", path->bytes, strerror(errno));
                pruning->failures++;
            }
            if (left == 0 && !is_kept(pruning->keep, path->bytes)) {
                if (unlinkat(dir_fd, names[i], AT_REMOVEDIR) == 0) {
                    pruning->removed_directories++;
                    gone = 1;
                } else {
                    note("cannot remove %s: %s", path->bytes, strerror(errno));
                    pruning->failures++;
                }
            }
        } else if (is_kept(pruning->keep, path->bytes)) {
            pruning->kept++;
        } else if (unlinkat(dir_fd, names[i], 0) == 0) {
            pruning->removed_files++;
            gone = 1;
        } else {
            note("cannot remove %s: %s", path->bytes, strerror(errno));
            pruning->failures++;
        }
        if (!gone) remaining++;
        path->length = length;
        path->bytes[length] = '\0';
        free(names[i]);
    }
    free(names);
    closedir(dir);
    return remaining;
}

/*
 * Deleting a whole root file system is what this mode does, so it refuses to run anywhere but where
 * a generated Dockerfile puts it: as /.harden/init, inside the image being built.
 */
static void refuse_outside_an_image(void) {
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length < 0) fail(EXIT_USAGE, "--prune: cannot tell where this init is (/proc/self/exe: %s)", strerror(errno));
    self[length] = '\0';
    if (strncmp(self, HARDEN_DIR "/", sizeof HARDEN_DIR) != 0) {
        fail(EXIT_USAGE, "--prune runs only as " HARDEN_DIR "/init inside an image build, not as %s", self);
    }
}

_Noreturn void prune_image(const char *keep_list_path) {
    refuse_outside_an_image();
    struct keep_list keep = {.path = keep_list_path};
    read_keep_list(&keep);
    int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat status;
    if (root < 0 || fstat(root, &status) < 0) fail(EXIT_OSERR, "cannot open /: %s", strerror(errno));
    struct pruning pruning = {.keep = &keep, .device = status.st_dev};
    struct text path = {0};
    text_append(&path, "", 0);
    prune_directory(&pruning, root, &path);
    note("kept %lu, removed %lu files, %lu directories", pruning.kept, pruning.removed_files,
         pruning.removed_directories);
    exit(pruning.failures ? EXIT_OSERR : 0);
}
