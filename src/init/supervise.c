/*
 * The init's lasting job: start the app, pass every signal on to it, reap whatever exits, and end
 * with the app's status.
 *
 * Every signal stays blocked in the init and is taken with sigwaitinfo, so none can arrive between
 * a check and a wait. Blocked is also what makes a PID 1 receive them at all: the kernel drops a
 * signal sent to a namespace's init when its action is the default, but not while it is blocked.
 * The app gets a process group of its own, and signals go to that group, so its helpers stop too.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harden-init.h"

/* Becomes the app with default signal dispositions and nothing blocked, as if started directly. */
_Noreturn void hand_over(char **argv) {
    for (int signal_number = 1; signal_number < _NSIG; signal_number++) signal(signal_number, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* execvp searches the PATH of the environment built from the configuration. */
    execvp(argv[0], argv);
    int error = errno;
    note("cannot run %s: %s", argv[0], strerror(error));
    _exit(error == ENOENT || error == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

static _Noreturn void run_app(char **argv) {
    setpgid(0, 0);
    /* With a terminal, the app's group takes the foreground (SIGTTOU is still blocked here). */
    if (isatty(STDIN_FILENO)) tcsetpgrp(STDIN_FILENO, getpid());
    hand_over(argv);
}

static int exit_code_of(int status) {
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

/* Reaps every child that has exited; returns 1 and sets *status when the app was among them. */
static int reap(pid_t app, int *status) {
    int app_exited = 0;
    for (;;) {
        int child_status;
        pid_t pid = waitpid(-1, &child_status, WNOHANG);
        if (pid <= 0) return app_exited; /* 0: none left that exited; -1 ECHILD: no children at all */
        if (pid == app) {
            *status = child_status;
            app_exited = 1;
        }
    }
}

static void forward(pid_t app, int signal_number) {
    /* The app may have left its group (setsid); then it alone gets the signal. */
    if (kill(-app, signal_number) == 0 || (errno == ESRCH && kill(app, signal_number) == 0)) return;
    /* Gone already is fine; refused (EPERM: the app changed to another user) is worth a line. */
    if (errno != ESRCH) note("cannot forward %s to the app: %s", strsignal(signal_number), strerror(errno));
}

_Noreturn void supervise(char **argv) {
    /* Not PID 1 (docker run --init, a shell, a test): orphans should still come to us to be reaped. */
    if (getpid() != 1) prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);

    pid_t app = fork();
    if (app < 0) fail(EXIT_OSERR, "cannot start %s: fork: %s", argv[0], strerror(errno));
    if (app == 0) run_app(argv);
    /* Also from this side: a signal forwarded before the child's own setpgid must find the group. */
    setpgid(app, app);

    for (;;) {
        siginfo_t info;
        int signal_number = sigwaitinfo(&all, &info);
        if (signal_number < 0) continue; /* EINTR */
        if (signal_number != SIGCHLD) {
            forward(app, signal_number);
            continue;
        }
        int status;
        if (reap(app, &status)) exit(exit_code_of(status));
    }
}
