/** One event of a syscall trace, as the analysis needs it. Produced by parseStraceLine. */
export type TraceEvent = SyscallEvent | SignalEvent | ExitEvent | UnfinishedEvent;

export interface SyscallEvent {
  type: 'syscall';
  pid: number;
  name: string;
  /** The raw argument text between the parentheses; split lazily (most lines never need it). */
  args: string;
  /** Numeric result; null when strace printed `?` (exit, exec replaced the process). */
  result: number | null;
  /** errno name (`EROFS`) when the call failed. */
  errno?: string;
  /** Path strace printed for a returned file descriptor (`= 3</etc/passwd>`). */
  resultPath?: string;
}

export interface SignalEvent {
  type: 'signal';
  pid: number;
  signal: string;
  /** Sender pid as the kernel reported it (0 when it came from outside the container). */
  senderPid?: number;
}

export interface ExitEvent {
  type: 'exit';
  pid: number;
  code?: number;
  killedBy?: string;
}

/** A call strace split across lines; its result follows later. Lets the analysis tell who is mid-fork. */
export interface UnfinishedEvent {
  type: 'unfinished';
  pid: number;
  name: string;
}
