#ifndef SSELINT_SYSTEM_H
#define SSELINT_SYSTEM_H

/* The Linux scheduler calls that glibc declares only under _GNU_SOURCE (which Swift's Glibc module is not built
   with), behind plain prototypes. Elsewhere each returns -1 (or NULL) and does nothing. */

/* The core the calling thread runs on, or -1. */
int sselint_current_cpu(void);
/* The calling thread's id (a system call), or -1. */
int sselint_thread_id(void);
/* The calling thread's handle (pthread_self: no system call), as a number. */
unsigned long sselint_thread_self(void);
/* The cores the calling thread may run on, saved (free it with sselint_affinity_restore); NULL when unknown. */
void *sselint_affinity_save(void);
/* A copy of `saved` (free it the same way); NULL when `saved` is. */
void *sselint_affinity_copy(const void *saved);
/* Whether `saved` (from sselint_affinity_save) allows `cpu`. */
int sselint_affinity_allows(const void *saved, int cpu);
/* The calling thread made to run on `cpu` only; 0 on success. */
int sselint_pin_current_thread(int cpu);
/* Frees what sselint_affinity_save returned, unused. */
void sselint_affinity_free(void *saved);
/* Thread `thread` may run on the cores `saved` holds again (or, when the kernel refuses that set, on every core
   the process's cpuset allows); `saved` is freed. 0 on success. */
int sselint_affinity_restore(int thread, void *saved);

#endif
