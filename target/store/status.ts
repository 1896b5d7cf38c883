/** jobs.status integers and their API strings (contract §3.6). */
export const JOB_STATUS = {
  pending: 0,
  running: 1,
  completed: 2,
  failed: 3,
  cancelled: 4,
  waiting: 5,
  parked: 6,
  retrying: 7,
} as const;

/** The 8 status strings, indexed by their integer. */
export const STATUS_NAMES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'waiting', 'parked', 'retrying'] as const;

/** A status string of the API. */
export type StatusName = (typeof STATUS_NAMES)[number];

/** The API string for a status integer; an unknown integer reads back as pending, like Aetheris. */
export function statusName(status: number): StatusName {
  return STATUS_NAMES[status] ?? 'pending';
}

/** The integer for a status string, or undefined when the string is not one of the 8. */
export function statusFromName(name: string): number | undefined {
  const i = (STATUS_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : i;
}

/** completed, failed, cancelled: the scripts' terminal set. */
export function isTerminalStatus(status: number): boolean {
  return status === JOB_STATUS.completed || status === JOB_STATUS.failed || status === JOB_STATUS.cancelled;
}

/** Event types that end a job's stream; a job whose latest event is one of these is never claimed. */
export const TERMINAL_EVENT_TYPES = ['job_completed', 'job_failed', 'job_cancelled'] as const;
