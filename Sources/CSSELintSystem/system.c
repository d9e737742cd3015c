#define _GNU_SOURCE
#include "sselint_system.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

unsigned long sselint_thread_self(void) { return (unsigned long)(uintptr_t)pthread_self(); }

#ifdef __linux__
#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

int sselint_current_cpu(void) { return sched_getcpu(); }

int sselint_thread_id(void) { return (int)syscall(SYS_gettid); }

void *sselint_affinity_save(void) {
    cpu_set_t *set = malloc(sizeof(cpu_set_t));
    if (set == NULL) return NULL;
    if (sched_getaffinity(0, sizeof(cpu_set_t), set) != 0) { free(set); return NULL; }
    return set;
}

void *sselint_affinity_copy(const void *saved) {
    if (saved == NULL) return NULL;
    cpu_set_t *set = malloc(sizeof(cpu_set_t));
    if (set != NULL) *set = *(const cpu_set_t *)saved;
    return set;
}

int sselint_affinity_allows(const void *saved, int cpu) {
    return saved != NULL && cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, (const cpu_set_t *)saved);
}

int sselint_pin_current_thread(int cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(cpu_set_t), &set);
}

void sselint_affinity_free(void *saved) { free(saved); }

int sselint_affinity_restore(int thread, void *saved) {
    if (saved == NULL) return -1;
    int r = sched_setaffinity(thread, sizeof(cpu_set_t), (cpu_set_t *)saved);
    if (r != 0 && errno == EINVAL) {
        /* The saved set is no longer possible (its cores went offline, the cpuset shrank): every core instead, which
           the kernel narrows to the cpuset, rather than leave the thread on one. */
        cpu_set_t all;
        CPU_ZERO(&all);
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) CPU_SET(cpu, &all);
        r = sched_setaffinity(thread, sizeof(cpu_set_t), &all);
    }
    free(saved);
    return r;
}
#else
int sselint_current_cpu(void) { return -1; }
int sselint_thread_id(void) { return -1; }
void *sselint_affinity_save(void) { return NULL; }
void *sselint_affinity_copy(const void *saved) { (void)saved; return NULL; }
int sselint_affinity_allows(const void *saved, int cpu) { (void)saved; (void)cpu; return 0; }
int sselint_pin_current_thread(int cpu) { (void)cpu; return -1; }
void sselint_affinity_free(void *saved) { free(saved); }
int sselint_affinity_restore(int thread, void *saved) { (void)thread; free(saved); return -1; }
#endif
