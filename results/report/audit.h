/*
 * What the runner says beside each case's observation (suite 0.1.0 and
 * later): SMACK's audit records the case caused (`audit:`) and the kernel's
 * policy answer, smackfs access2, for each access the case depends on
 * (`access2:`). Older runs have neither block: every count is then "not
 * recorded", never zero.
 */
#ifndef REPORT_AUDIT_H
#define REPORT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "tapread.h"

/* The point the runner ends with; its `audit:` map holds its own tally. */
#define RUNNER_POINT "runner_revoked_every_rule_it_created"

/* How a case's audit records bear out what it saw (the runner's own classes). */
enum audit_class {
	AUD_NOTHING,	/* no refusal, no denied record */
	AUD_RECORDED,	/* denied records, and a refusal (or one the family cannot tell) */
	AUD_MISSING,	/* SMACK refused, but the kernel wrote no denied record */
	AUD_UNEXPECTED,	/* a denied record, but the case saw no refusal */
	AUD_ERROR,	/* the records could not be read */
};

/* One case's blocks on one kernel; the strings point into its tap_point. */
struct case_audit {
	bool has;		/* an audit block */
	const char *logging;	/* smackfs logging as the runner found it */
	long denials;		/* denials_observed; -1 when unknown or absent */
	const char *denials_text;	/* as written ("unknown (the family cannot tell)") */
	long count;		/* records, listed or not; -1 when absent */
	const char **rec;	/* records[i] */
	size_t nrec;
	size_t ndenied;		/* of rec, action=denied; plus those past the list */
	const char *finding;
	const char *error;
	enum audit_class cls;
	bool has_access2;	/* an access2 list */
	const char **acc;	/* access2[i]: "S R w = 1, but the rules do not grant it" */
	size_t nacc;
	size_t disagree;	/* of acc, those the model's rules would answer otherwise */
	size_t not_asked;	/* of acc, those the runner could not ask */
};

void case_audit_fill(struct case_audit *a, const struct tap_point *p);
void case_audit_free(struct case_audit *a);
const char *audit_class_name(enum audit_class c);

/* An access2 answer that differs from what the model's rules grant. */
bool access2_disagrees(const char *item);

/*
 * "fn=smack_file_receive action=denied subject=R object=S requested=r" as
 * "smack_file_receive denied R→S requested=r"; anything else as it is.
 * Returned in buf.
 */
const char *audit_record_short(const char *rec, char *buf, size_t len);

/* One kernel's tally, from its cases, beside the runner's own. */
struct audit_totals {
	size_t cases;		/* cases with an audit block; 0: not recorded */
	size_t n[AUD_ERROR + 1];	/* cases per class */
	size_t unknown;		/* of them, the family could not tell a refusal */
	size_t access2_cases;	/* cases with an access2 list; 0: not recorded */
	size_t disagreements;	/* cases with an access2 answer the rules contradict */
	size_t not_asked;	/* cases with an access the runner could not ask */
	/* The runner's last point: -1 when it does not say. */
	long r_recorded, r_missing, r_unexpected, r_errors, r_disagreements;
};

void audit_totals_add(struct audit_totals *t, const struct case_audit *a);
/* The runner point's counts into t. */
void audit_totals_runner(struct audit_totals *t, const struct tap_point *p);
/* Whether the runner states an audit tally, and whether it equals the cases'. */
bool audit_runner_states(const struct audit_totals *t);
bool audit_runner_agrees(const struct audit_totals *t);
bool access2_runner_agrees(const struct audit_totals *t);

#endif
