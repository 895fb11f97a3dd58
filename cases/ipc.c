/*
 * IPC objects S creates and R uses. SysV objects carry their creator's
 * label; ipcperms() asks smack_ipc_permission() for r or w, and the object
 * hooks add their own (semop and msgrcv: rw; semctl/msgctl/shmctl IPC_STAT:
 * r). A FIFO is a file: opening it needs r (smack_file_open) on top of the
 * mode. POSIX message queues live on an internal mount without xattrs, so
 * they carry the floor label "_": anyone may open one for reading, nobody
 * without CAP_MAC_OVERRIDE for writing (no rule set here names "_"). For
 * the same reason only a privileged S can create one there at all.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

struct msgbuf1 {
	long mtype;
	char mtext[1];
};

static int new_shm(struct sc_shm *m, const char *d)
{
	(void)d;
	m->id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	return m->id < 0 ? -errno : 0;
}

static int new_sem(struct sc_shm *m, const char *d)
{
	(void)d;
	m->id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	return m->id < 0 ? -errno : 0;
}

static int new_msg(struct sc_shm *m, const char *d)
{
	struct msgbuf1 b = {1, {'x'}};

	(void)d;
	m->id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (m->id < 0)
		return -errno;
	/* One message waiting, so a receive that is allowed succeeds at once. */
	if (msgsnd(m->id, &b, 1, IPC_NOWAIT)) {
		int e = -errno;

		msgctl(m->id, IPC_RMID, NULL);
		return e;
	}
	return 0;
}

static int shm_read(struct sc_shm *m, const char *d)
{
	void *p = shmat(m->id, NULL, SHM_RDONLY);

	(void)d;
	if (p == (void *)-1)
		return -errno;
	shmdt(p);
	return 0;
}

static int shm_write(struct sc_shm *m, const char *d)
{
	void *p = shmat(m->id, NULL, 0);

	(void)d;
	if (p == (void *)-1)
		return -errno;
	shmdt(p);
	return 0;
}

static int shm_stat(struct sc_shm *m, const char *d)
{
	struct shmid_ds ds;

	(void)d;
	return shmctl(m->id, IPC_STAT, &ds) ? -errno : 0;
}

static int sem_op(struct sc_shm *m, const char *d)
{
	struct sembuf op = {0, 1, IPC_NOWAIT};

	(void)d;
	return semop(m->id, &op, 1) ? -errno : 0;
}

static int sem_getval(struct sc_shm *m, const char *d)
{
	(void)d;
	return semctl(m->id, 0, GETVAL) < 0 ? -errno : 0;
}

static int msg_send(struct sc_shm *m, const char *d)
{
	struct msgbuf1 b = {1, {'y'}};

	(void)d;
	return msgsnd(m->id, &b, 1, IPC_NOWAIT) ? -errno : 0;
}

static int msg_receive(struct sc_shm *m, const char *d)
{
	struct msgbuf1 b;

	(void)d;
	return msgrcv(m->id, &b, 1, 0, IPC_NOWAIT) < 0 ? -errno : 0;
}

static int msg_stat(struct sc_shm *m, const char *d)
{
	struct msqid_ds ds;

	(void)d;
	return msgctl(m->id, IPC_STAT, &ds) ? -errno : 0;
}

static void rm_shm(struct sc_shm *m) { shmctl(m->id, IPC_RMID, NULL); }
static void rm_sem(struct sc_shm *m) { semctl(m->id, 0, IPC_RMID); }
static void rm_msg(struct sc_shm *m) { msgctl(m->id, IPC_RMID, NULL); }

static int new_fifo(struct sc_shm *m, const char *dir)
{
	snprintf(m->path, sizeof(m->path), "%s/fifo%d", dir, (int)getpid());
	if (mkfifo(m->path, 0600))
		return -errno;
	/* A reader, so that R's non-blocking open for writing can succeed. */
	m->fd_hold = open(m->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	return m->fd_hold < 0 ? -errno : 0;
}

static int open_path(const char *path, int flags)
{
	int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int fifo_read(struct sc_shm *m, const char *d) { (void)d; return open_path(m->path, O_RDONLY); }
static int fifo_write(struct sc_shm *m, const char *d) { (void)d; return open_path(m->path, O_WRONLY); }

static void rm_fifo(struct sc_shm *m)
{
	close(m->fd_hold);
	unlink(m->path);
}

static int new_mq(struct sc_shm *m, const char *d)
{
	mqd_t q;

	(void)d;
	/* S's label names the case and the run, so a leftover can never clash. */
	if (snprintf(m->path, sizeof(m->path), "/%s", m->sender) >= (int)sizeof(m->path))
		return -ENAMETOOLONG;
	q = mq_open(m->path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, NULL);
	if (q == (mqd_t)-1)
		return -errno;
	mq_close(q);
	return 0;
}

static int mq_as(const char *name, int flags)
{
	mqd_t q = mq_open(name, flags | O_CLOEXEC);

	if (q == (mqd_t)-1)
		return -errno;
	mq_close(q);
	return 0;
}

static int mq_read(struct sc_shm *m, const char *d) { (void)d; return mq_as(m->path, O_RDONLY); }
static int mq_write(struct sc_shm *m, const char *d) { (void)d; return mq_as(m->path, O_WRONLY); }
static void rm_mq(struct sc_shm *m) { mq_unlink(m->path); }

/*
 * msgrcv: ipcperms() wants r (EACCES without it); then find_msg() skips
 * every message smack_msg_queue_msgrcv() (rw) refuses, so with r alone the
 * queue looks empty: ENOMSG under IPC_NOWAIT.
 */

static const struct scenario ipc[] = {
	{.name = "shm_attach_readonly", .prepare = new_shm, .act = shm_read, .cleanup = rm_shm,
	 .reclaim = rm_shm,
	 .expect = {.why = "ipcperms -> smack_ipc_permission: r", .steps = {{NEED_R, EACCES}}}},
	{.name = "shm_attach_readwrite", .prepare = new_shm, .act = shm_write, .cleanup = rm_shm,
	 .reclaim = rm_shm,
	 .expect = {.why = "ipcperms -> smack_ipc_permission: rw", .steps = {{NEED_RW, EACCES}}}},
	{.name = "shm_ipc_stat", .prepare = new_shm, .act = shm_stat, .cleanup = rm_shm,
	 .reclaim = rm_shm,
	 .expect = {.why = "smack_shm_shmctl IPC_STAT: r", .steps = {{NEED_R, EACCES}}}},
	{.name = "sem_op", .prepare = new_sem, .act = sem_op, .cleanup = rm_sem,
	 .reclaim = rm_sem,
	 .expect = {.why = "smack_sem_semop: rw", .steps = {{NEED_RW, EACCES}}}},
	{.name = "sem_getval", .prepare = new_sem, .act = sem_getval, .cleanup = rm_sem,
	 .reclaim = rm_sem,
	 .expect = {.why = "smack_sem_semctl GETVAL: r", .steps = {{NEED_R, EACCES}}}},
	{.name = "msg_send", .prepare = new_msg, .act = msg_send, .cleanup = rm_msg,
	 .reclaim = rm_msg,
	 .expect = {.why = "ipcperms -> smack_ipc_permission: w", .steps = {{NEED_W, EACCES}}}},
	{.name = "msg_receive", .prepare = new_msg, .act = msg_receive, .cleanup = rm_msg,
	 .reclaim = rm_msg,
	 .expect = {.why = "ipcperms r (EACCES), then smack_msg_queue_msgrcv rw per message (hidden: ENOMSG)", .steps = {{NEED_R, EACCES}, {NEED_RW, ENOMSG}}}},
	{.name = "msg_ipc_stat", .prepare = new_msg, .act = msg_stat, .cleanup = rm_msg,
	 .reclaim = rm_msg,
	 .expect = {.why = "smack_msg_queue_msgctl IPC_STAT: r", .steps = {{NEED_R, EACCES}}}},
	{.name = "fifo_open_read", .prepare = new_fifo, .act = fifo_read, .cleanup = rm_fifo,
	 .expect = {.why = "smack_inode_permission and smack_file_open: r", .steps = {{NEED_R, EACCES}}}},
	{.name = "fifo_open_write", .prepare = new_fifo, .act = fifo_write, .cleanup = rm_fifo,
	 .expect = {.why = "smack_inode_permission w and smack_file_open r", .steps = {{NEED_RW, EACCES}}}},
	{.name = "mq_open_read", .prepare = new_mq, .act = mq_read, .cleanup = rm_mq,
	 .reclaim = rm_mq, .sender_privileged = true,
	 .expect = {.why = "mqueue inode labelled \"_\" (floor): anyone may read"}},
	{.name = "mq_open_write", .prepare = new_mq, .act = mq_write, .cleanup = rm_mq,
	 .reclaim = rm_mq, .sender_privileged = true,
	 .expect = {.why = "mqueue inode labelled \"_\": w on floor needs a rule on \"_\"", .steps = {{NEED_FLOOR_RW, EACCES}}}},
};

SCENARIO_FAMILY(ipc_family, "ipc", ipc, NULL, false);
