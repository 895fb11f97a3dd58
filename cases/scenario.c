/* Running and judging two-role scenarios (see scenario.h). */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define PER_SCENARIO (RS_COUNT * 2)

/* A value scenario (it says what R should see) is one case under its fixed rules. */
static bool is_value(const struct scenario *sc) { return sc->expect.value != NULL; }

static size_t per(const struct scenario *sc)
{
	return is_value(sc) ? 1 : PER_SCENARIO;
}

/* Case i of the table: its scenario, rule set and whether R keeps CAP_MAC_OVERRIDE. */
static void split(const struct scenario_set *s, size_t i, size_t *sc, enum ruleset_id *rs,
		  bool *override)
{
	for (*sc = 0; i >= per(&s->sc[*sc]); ++*sc)
		i -= per(&s->sc[*sc]);
	*rs = is_value(&s->sc[*sc]) ? s->sc[*sc].rules : (enum ruleset_id)(i / 2);
	*override = !is_value(&s->sc[*sc]) && i % 2;
}

size_t scenario_count(const struct scenario_set *s)
{
	size_t n = 0;

	for (size_t k = 0; k < s->n; k++)
		n += per(&s->sc[k]);
	return n;
}

const struct scenario *scenario_at(const struct scenario_set *s, size_t i)
{
	size_t sc;
	enum ruleset_id rs;
	bool ov;

	split(s, i, &sc, &rs, &ov);
	return &s->sc[sc];
}

/* The expectation of case i's row on kernel kver, and the gate that gave it (-1: none). */
static const struct expect *picked(const struct scenario_set *s, size_t i, unsigned kver, int *by)
{
	const struct scenario *sc = scenario_at(s, i);

	return expect_pick(&sc->expect, sc->gates, kver, by);
}

int scenario_expected(const struct scenario_set *s, size_t i, unsigned kver)
{
	size_t sc;
	enum ruleset_id rs;
	bool ov;
	int by;

	split(s, i, &sc, &rs, &ov);
	return expect_result(picked(s, i, kver, &by), rs, ov);
}

const char *scenario_global(const struct scenario_set *s, size_t i)
{
	return scenario_at(s, i)->global;
}

const char *scenario_skip(const struct scenario_set *s, size_t i)
{
	return s->skip ? s->skip(scenario_at(s, i)) : NULL;
}

const char *scenario_name(struct scenario_set *s, size_t i)
{
	if (!s->names) {
		s->names = calloc(scenario_count(s), sizeof(*s->names));
		if (!s->names)
			abort();
		for (size_t k = 0; k < scenario_count(s); k++) {
			size_t sc;
			enum ruleset_id rs;
			bool ov;

			split(s, k, &sc, &rs, &ov);
			if (is_value(&s->sc[sc]))
				snprintf(s->names[k], sizeof(s->names[k]), "%s_%s", s->family,
					 s->sc[sc].name);
			else
				snprintf(s->names[k], sizeof(s->names[k]), "%s_%s_%s%s_%s", s->family,
					 s->sc[sc].name, rulesets[rs].name,
					 ov ? "_cap_mac_override" : "",
					 scenario_expected(s, k, KV_NEWEST) ? "denied" : "allowed");
		}
	}
	return s->names[i];
}

int scenario_rules(const struct scenario_set *s, size_t i, struct rule_spec *out)
{
	size_t sc;
	enum ruleset_id rs;
	bool ov;

	(void)s;
	split(s, i, &sc, &rs, &ov);
	memcpy(out, rulesets[rs].rules, rulesets[rs].n * sizeof(*out));
	return rulesets[rs].n;
}

/* One case's two roles: what they share across the fork. */
struct sc_roles {
	const struct scenario *sc;
	const struct case_ctx *ctx;
	struct sc_shm *m;
};

static int before_fork(void *arg, const char **stage)
{
	struct sc_roles *r = arg;

	*stage = "before_fork";
	return r->sc->before_fork ? r->sc->before_fork(r->m) : 0;
}

/* R: wait for S's object, then act on it. */
static int receiver(void *arg, const char **stage)
{
	struct sc_roles *r = arg;

	latch_post(&r->m->became);
	/* Half the case's time: a sender that never posts is reported, not just killed. */
	*stage = "latch_wait";
	if (latch_wait(&r->m->prepared, r->ctx->timeout_ms / 2))
		return -ETIMEDOUT;
	if (r->m->roles.sender_err)
		return 0; /* nothing to act on; the sender's failure is the report */
	r->m->act_rc = r->sc->act(r->m, r->ctx->workdir);
	r->m->acted = true;
	return 0;
}

static void receiver_gone(void *arg) { latch_post(&((struct sc_roles *)arg)->m->became); }

/* S: make the object (once R has its label, for wait_receiver rows). */
static int sender(void *arg, const char **stage)
{
	struct sc_roles *r = arg;
	int e;

	*stage = "wait_receiver";
	if (r->sc->wait_receiver && latch_wait(&r->m->became, r->ctx->timeout_ms / 2))
		return -ETIMEDOUT;
	*stage = "prepare";
	if (r->sc->prepare && (e = r->sc->prepare(r->m, r->ctx->workdir)))
		return e;
	r->m->made = true;
	latch_post(&r->m->prepared);
	return 0;
}

static void wake(void *arg) { latch_post(&((struct sc_roles *)arg)->m->prepared); }

static void after(void *arg)
{
	struct sc_roles *r = arg;

	if (r->m->made && r->sc->cleanup)
		r->sc->cleanup(r->m);
	r->m->cleaned = true;
}

int scenario_body(const struct scenario_set *s, const struct case_ctx *ctx)
{
	struct sc_shm *m = ctx->shm;
	size_t sc;
	enum ruleset_id rs;
	bool ov;
	struct sc_roles arg = {.ctx = ctx, .m = m};
	struct roles r = {.before_fork = before_fork, .receiver = receiver,
			  .receiver_gone = receiver_gone, .sender = sender, .wake = wake,
			  .after = after};

	split(s, ctx->index, &sc, &rs, &ov);
	arg.sc = &s->sc[sc];
	r.sender_privileged = arg.sc->sender_privileged;
	r.keep_override = ov;
	/* What the scenario's own steps read from the shared memory. */
	snprintf(m->sender, sizeof(m->sender), "%s", ctx->sender);
	snprintf(m->receiver, sizeof(m->receiver), "%s", ctx->receiver);
	snprintf(m->dir, sizeof(m->dir), "%s", ctx->workdir);
	m->shm_fd = ctx->shm_fd;
	m->fs = *ctx->fs;
	snprintf(m->runner, sizeof(m->runner), "%s", ctx->runner_label);
	return roles_run(ctx->sender, ctx->receiver, &r, &arg, &m->roles);
}

/*
 * What R saw, as a token independent of the run's labels: "S" or "R" for
 * those labels, an errno name, or the literal bytes in quotes.
 */
static const char *value_token(const struct sc_shm *m, const struct case_ctx *ctx, char *buf,
			       size_t len)
{
	if (m->out_len < 0)
		return errno_token(m->out_len);
	if ((size_t)m->out_len == strlen(ctx->sender) && !memcmp(m->out, ctx->sender, m->out_len))
		return "S";
	if ((size_t)m->out_len == strlen(ctx->receiver) && !memcmp(m->out, ctx->receiver, m->out_len))
		return "R";
	snprintf(buf, len, "\"%.*s\"", m->out_len, m->out);
	return buf;
}


int scenario_getfd(const struct sc_shm *m)
{
	int pfd = (int)syscall(SYS_pidfd_open, m->id, 0), fd, rc = 0;

	if (pfd < 0)
		return -errno;
	fd = (int)syscall(SYS_pidfd_getfd, pfd, m->fd_hold, 0);
	if (fd < 0)
		rc = -errno;
	else
		close(fd);
	close(pfd);
	return rc;
}

int scenario_new_file(struct sc_shm *m, const char *dir, const char *stem, int flags, int mode)
{
	int fd;

	if (snprintf(m->path, sizeof(m->path), "%s/%s%d", dir, stem, (int)getpid()) >=
	    (int)sizeof(m->path))
		return -ENAMETOOLONG;
	fd = open(m->path, flags | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
	return fd < 0 ? -errno : fd;
}

int scenario_accesses(const struct scenario_set *s, size_t i, unsigned kver, struct access *out,
		      int max)
{
	int n = 0;

	expect_accesses(picked(s, i, kver, &(int){0}), out, &n, max);
	return n;
}

int scenario_denials(const struct scenario_set *s, const struct case_ctx *ctx)
{
	const struct sc_shm *m = ctx->shm;
	const struct expect *e = picked(s, ctx->index, ctx->kver, &(int){0});
	size_t sc;
	enum ruleset_id rs;
	bool ov;

	split(s, ctx->index, &sc, &rs, &ov);
	if (!m->acted)
		return 0;
	if (is_value(&s->sc[sc]))
		return m->out_len == -EACCES || m->out_len == -EPERM;
	/* Refused as the model says SMACK refuses (EACCES, or ENOMSG, EHOSTUNREACH, ...). */
	return m->act_rc && m->act_rc == scenario_expected(s, ctx->index, ctx->kver) &&
	       expect_refused(e, rs, ov);
}

enum verdict scenario_judge(const struct scenario_set *s, const struct case_ctx *ctx,
			    const struct case_status *st, struct yaml *y)
{
	const struct sc_shm *m = ctx->shm;
	const struct gate *gates[CASE_GATES];
	size_t sc;
	enum ruleset_id rs;
	bool ov, ok;
	int by, ng;
	const struct expect *e = picked(s, ctx->index, ctx->kver, &by);
	int want = scenario_expected(s, ctx->index, ctx->kver);
	char rule[600];

	split(s, ctx->index, &sc, &rs, &ov);
	/* Killed before its cleanup: objects outside the scratch directory go now. */
	if (m->made && !m->cleaned && s->sc[sc].reclaim) {
		s->sc[sc].reclaim((struct sc_shm *)m);
		yaml_bool(y, 0, "reclaimed_by_runner", true);
	}
	yaml_str(y, 0, "family", s->family);
	yaml_str(y, 0, "scenario", s->sc[sc].name);
	yaml_str(y, 0, "sender_label", ctx->sender);
	yaml_str(y, 0, "receiver_label", ctx->receiver);
	if (ov)
		yaml_bool(y, 0, "receiver_keeps_cap_mac_override", true);
	yaml_rules(y, rs, ctx);
	yaml_map(y, 0, "expected");
	if (is_value(&s->sc[sc]))
		yaml_str(y, 1, "value", e->value);
	else
		yaml_str(y, 1, "result", errno_token(want));
	yaml_str(y, 1, "decided_by", e->why ? e->why : s->sc[sc].expect.why);
	if (by >= 0)
		yaml_str(y, 1, "from_gate", s->sc[sc].gates[by].gate->commit);
	ng = gates_count(s->sc[sc].gates);
	for (int i = 0; i < ng; i++) {
		gates[i] = s->sc[sc].gates[i].gate;
		yaml_gate(y, i, gates[i], ctx->kver);
	}
	yaml_map(y, 0, "observed");
	yaml_str(y, 1, "result", m->acted ? errno_token(m->act_rc) : NULL);
	if (is_value(&s->sc[sc]) && m->acted)
		yaml_str(y, 1, "value", value_token(m, ctx, rule, sizeof(rule)));
	if (m->evidence[0])
		yaml_str(y, 1, "evidence", m->evidence);
	if (roles_broken(&m->roles, rule, sizeof(rule))) {
		yaml_str(y, 0, "broken", rule);
		return VERDICT_BROKEN;
	}
	ok = st->end == CASE_EXITED && st->exit_code == 0 && m->acted && m->act_rc == want;
	if (is_value(&s->sc[sc]))
		ok = ok && !strcmp(value_token(m, ctx, rule, sizeof(rule)), e->value);
	if (!ok)
		yaml_hint(y, gates, ng, ctx->kver);
	return ok ? VERDICT_PASS : VERDICT_FAIL;
}
