/*
 * seed "SOURCE" "TARGET": first-start data. Docker copies an image's files into a named volume
 * the first time it is mounted, but not into a bind mount, a tmpfs or a Kubernetes volume; this
 * does it the same way everywhere. When TARGET is missing or an empty directory (a lone empty
 * lost+found, as on a fresh ext4 volume, counts as empty), the tree SOURCE is copied into it with
 * types, modes, owners and times; hard links become separate copies, sockets are left out.
 * Otherwise nothing happens: the data from an earlier start is the app's own.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harden-init.h"

struct seeding {
    const struct step *step;
    struct text where; /* the target path being written, for messages */
};

static _Noreturn void seed_failed(struct seeding *seeding, const char *call, int error) {
    fail(EXIT_OSERR, "line %d: seed %s %s: %s %s: %s", seeding->step->line, seeding->step->first,
         seeding->step->second, call, seeding->where.bytes, strerror(error));
}

static int is_lost_and_found(int dir_fd, const char *name);

/* Whether the directory has nothing in it but, at most, an empty lost+found. */
static int is_empty_directory(int dir_fd) {
    DIR *dir = fdopendir(dup(dir_fd));
    if (!dir) return 0;
    int empty = 1;
    for (struct dirent *entry; empty && (entry = readdir(dir));) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        if (!is_lost_and_found(dir_fd, name)) empty = 0;
    }
    closedir(dir);
    return empty;
}

static int is_lost_and_found(int dir_fd, const char *name) {
    if (strcmp(name, "lost+found") != 0) return 0;
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == EACCES; /* root-only lost+found seen by a non-root start: still fsck's */
    int empty = is_empty_directory(fd);
    close(fd);
    return empty;
}

/*
 * Owner, mode and times of `source` onto the new entry (through `fd` when there is one). Owner
 * first, since a chown clears setuid/setgid bits. Started as non-root, an entry whose owner is the
 * running user keeps the group it got when the chown to the source's group is not permitted.
 */
static void copy_metadata(struct seeding *seeding, int dir_fd, const char *name, int fd, const struct stat *source) {
    struct stat made;
    if ((fd >= 0 ? fstat(fd, &made) : fstatat(dir_fd, name, &made, AT_SYMLINK_NOFOLLOW)) < 0) {
        seed_failed(seeding, "stat", errno);
    }
    if (made.st_uid != source->st_uid || made.st_gid != source->st_gid) {
        int result = fd >= 0 ? fchown(fd, source->st_uid, source->st_gid)
                             : fchownat(dir_fd, name, source->st_uid, source->st_gid, AT_SYMLINK_NOFOLLOW);
        int tolerated = errno == EPERM && geteuid() != 0 && source->st_uid == geteuid();
        if (result < 0 && !tolerated) seed_failed(seeding, "chown", errno);
    }
    int is_link = S_ISLNK(source->st_mode);
    if (!is_link && (fd >= 0 ? fchmod(fd, source->st_mode & 07777) : fchmodat(dir_fd, name, source->st_mode & 07777, 0)) < 0) {
        seed_failed(seeding, "chmod", errno);
    }
    struct timespec times[2] = {source->st_atim, source->st_mtim};
    if ((fd >= 0 ? futimens(fd, times) : utimensat(dir_fd, name, times, AT_SYMLINK_NOFOLLOW)) < 0) {
        seed_failed(seeding, "utimensat", errno);
    }
}

static void copy_contents(struct seeding *seeding, int from, int to) {
    static char buffer[65536];
    for (;;) {
        ssize_t got = read(from, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) seed_failed(seeding, "read", errno);
        if (got == 0) return;
        for (ssize_t done = 0; done < got;) {
            ssize_t put = write(to, buffer + done, (size_t)(got - done));
            if (put < 0 && errno == EINTR) continue;
            if (put < 0) seed_failed(seeding, "write", errno);
            done += put;
        }
    }
}

static char *read_link(struct seeding *seeding, int dir_fd, const char *name) {
    for (size_t size = 256;; size *= 2) {
        char *target = must_realloc(NULL, size);
        ssize_t length = readlinkat(dir_fd, name, target, size);
        if (length < 0) seed_failed(seeding, "readlink", errno);
        if ((size_t)length < size) {
            target[length] = '\0';
            return target;
        }
        free(target);
    }
}

static void copy_directory(struct seeding *seeding, int from, int to);

static void copy_entry(struct seeding *seeding, int from_dir, int to_dir, const char *name) {
    struct stat source;
    if (fstatat(from_dir, name, &source, AT_SYMLINK_NOFOLLOW) < 0) seed_failed(seeding, "stat of the source of", errno);
    int from = -1;
    int to = -1;
    switch (source.st_mode & S_IFMT) {
    case S_IFREG:
        from = openat(from_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (from < 0) seed_failed(seeding, "open the source of", errno);
        to = openat(to_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (to < 0) seed_failed(seeding, "create", errno);
        copy_contents(seeding, from, to);
        break;
    case S_IFDIR:
        /* 0700 while it fills, so a read-only source directory can still be filled as non-root. */
        if (mkdirat(to_dir, name, 0700) < 0) seed_failed(seeding, "mkdir", errno);
        from = openat(from_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        to = openat(to_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (from < 0 || to < 0) seed_failed(seeding, "open", errno);
        copy_directory(seeding, from, to);
        break;
    case S_IFLNK: {
        char *target = read_link(seeding, from_dir, name);
        if (symlinkat(target, to_dir, name) < 0) seed_failed(seeding, "symlink", errno);
        free(target);
        break;
    }
    case S_IFIFO:
    case S_IFCHR:
    case S_IFBLK:
        if (mknodat(to_dir, name, (source.st_mode & S_IFMT) | 0600, source.st_rdev) < 0) seed_failed(seeding, "mknod", errno);
        break;
    default:
        return; /* a socket belongs to the process that made it */
    }
    copy_metadata(seeding, to_dir, name, to, &source);
    if (from >= 0) close(from);
    if (to >= 0) close(to);
}

static void copy_directory(struct seeding *seeding, int from, int to) {
    DIR *dir = fdopendir(dup(from));
    if (!dir) seed_failed(seeding, "read the source of", errno);
    size_t length = seeding->where.length;
    for (struct dirent *entry; (entry = readdir(dir));) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        text_append_char(&seeding->where, '/');
        text_append(&seeding->where, name, strlen(name));
        copy_entry(seeding, from, to, name);
        seeding->where.length = length;
        seeding->where.bytes[length] = '\0';
    }
    closedir(dir);
}

void seed_tree(const struct step *step) {
    struct seeding seeding = {.step = step};
    text_append(&seeding.where, step->second, strlen(step->second));
    int from = open(step->first, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (from < 0) {
        seeding.where.length = 0;
        text_append(&seeding.where, step->first, strlen(step->first));
        seed_failed(&seeding, "open the source", errno);
    }
    struct stat target;
    if (lstat(step->second, &target) == 0) {
        if (!S_ISDIR(target.st_mode)) return;
    } else if (errno != ENOENT) {
        seed_failed(&seeding, "stat", errno);
    } else if (mkdir(step->second, 0700) < 0) {
        seed_failed(&seeding, "mkdir", errno);
    }
    int to = open(step->second, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (to < 0) seed_failed(&seeding, "open", errno);
    if (is_empty_directory(to)) {
        struct stat source;
        if (fstat(from, &source) < 0) seed_failed(&seeding, "stat the source of", errno);
        copy_directory(&seeding, from, to);
        copy_metadata(&seeding, AT_FDCWD, step->second, to, &source);
    }
    close(to);
    close(from);
}
