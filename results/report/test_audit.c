/*
 * Unit tests: the `audit` and `access2` blocks (suite 0.1.0's runner), per
 * case, per kernel beside the runner's own tally, the findings, the answer
 * page's notes, and every format's output for them; a run without the
 * blocks says "not recorded", never zero.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "answer.h"
#include "emit.h"
#include "findings.h"
#include "model.h"
#include "outcheck.h"
#include "util.h"

#define DROPPED_FD                                                                  \
	"  family: \"fdpass\"\n"                                                    \
	"  sender_label: \"x.S\"\n  receiver_label: \"x.R\"\n"                       \
	"  descriptors: \"file_ro\"\n  so_passsec: false\n  control_buffer: 4096\n" \
	"  rules:\n    - \"none\"\n"                                                \
	"  expected:\n    delivered: 0\n    ctrunc: true\n"                          \
	"  observed:\n    delivered: 0\n    ctrunc: true\n"

/* Points 1-5 as the runner writes them; 6 the runner's own tally. */
static const char new_tap[] =
	"TAP version 13\n1..6\n# kernel: 6.1.192\n"
	/* A refusal and its record. */
	"ok 1 - fdpass_file_ro_via_stream_nopasssec_no_rule_ample_buf_dropped\n  ---\n"
	"  access2:\n    - \"R S r = 0\"\n"
	DROPPED_FD
	"  audit:\n    logging: \"1\"\n    wait_us: 4000\n    denials_observed: 1\n"
	"    count: 1\n    records:\n"
	"      - \"fn=smack_file_receive action=denied subject=R object=S requested=r\"\n"
	"  ...\n"
	/* The same cell: refused, no record, a finding. */
	"ok 2 - fdpass_file_ro_via_dgram_nopasssec_no_rule_ample_buf_dropped\n  ---\n"
	DROPPED_FD
	"  audit:\n    logging: \"1\"\n    wait_us: 4000\n    denials_observed: 1\n"
	"    count: 0\n"
	"    finding: \"SMACK refused, but the kernel wrote no audit record\"\n"
	"  ...\n"
	/* The records could not be read. */
	"ok 3 - fdpass_file_ro_via_seqpacket_nopasssec_no_rule_ample_buf_dropped\n  ---\n"
	DROPPED_FD
	"  audit:\n    logging: \"1\"\n    wait_us: 2000000\n    denials_observed: 1\n"
	"    error: \"the marker record never came back (2 s)\"\n"
	"  ...\n"
	/* The family cannot tell; more records than listed; a granted one. */
	"ok 4 - exec_relabel_self_unknown\n  ---\n  family: \"exec\"\n"
	"  scenario: \"relabel_self\"\n  rules:\n    - \"none\"\n"
	"  observed:\n    result: \"EPERM\"\n"
	"  audit:\n    logging: \"2\"\n    wait_us: 0\n"
	"    denials_observed: \"unknown (the family cannot tell)\"\n    count: 3\n"
	"    records:\n"
	"      - \"fn=smack_setprocattr action=granted subject=R object=R requested=-\"\n"
	"      - \"fn=smack_setprocattr action=denied subject=R object=S requested=-\"\n"
	"  ...\n"
	/* access2 against the rules; a hostile finding and record. */
	"ok 5 - mmap_odd\n  ---\n"
	"  access2:\n    - \"R S w = 1, but the rules do not grant it\"\n"
	"    - \"S R w: not asked (Permission denied)\"\n    - \"R S x = 0\"\n"
	"  family: \"mmap\"\n  scenario: \"odd\"\n  rules:\n    - \"none\"\n"
	"  observed:\n    result: \"0\"\n"
	"  audit:\n    logging: \"1\"\n    wait_us: 1\n    denials_observed: 0\n    count: 1\n"
	"    records:\n      - \"fn=<script>|x action=denied subject=R object=S requested=`w`\"\n"
	"    finding: \"a denied record, but <b>the case</b> | saw no refusal\"\n"
	"  ...\n"
	"ok 6 - " RUNNER_POINT "\n  ---\n  rules_left: 0\n  access2_disagreements: 1\n"
	"  audit:\n    refusals_with_record: 2\n    refusals_without_record: 1\n"
	"    records_without_refusal: 1\n    errors: 1\n  ...\n";

/* The same cases before the runner wrote either block. */
static const char old_tap[] =
	"TAP version 13\n1..3\n# kernel: 5.10.226\n"
	"ok 1 - fdpass_file_ro_via_stream_nopasssec_no_rule_ample_buf_dropped\n  ---\n"
	DROPPED_FD "  ...\n"
	"ok 2 - fdpass_file_ro_via_dgram_nopasssec_no_rule_ample_buf_dropped\n  ---\n"
	DROPPED_FD "  ...\n"
	"ok 3 - " RUNNER_POINT "\n  ---\n  rules_left: 0\n  ...\n";

static const struct tap_point *point(const struct tap_doc *d, size_t i)
{
	assert_true(i < d->npt);
	return &d->pt[i];
}

static void parses_both_blocks(void **state)
{
	struct tap_doc d;
	struct case_audit a;
	char buf[256];

	(void)state;
	tap_parse(&d, new_tap, strlen(new_tap));
	assert_int_equal(d.npt, 6);

	case_audit_fill(&a, point(&d, 0));
	assert_true(a.has);
	assert_string_equal(a.logging, "1");
	assert_int_equal(a.denials, 1);
	assert_int_equal(a.count, 1);
	assert_int_equal(a.nrec, 1);
	assert_int_equal(a.ndenied, 1);
	assert_int_equal(a.cls, AUD_RECORDED);
	assert_null(a.finding);
	assert_true(a.has_access2);
	assert_int_equal(a.nacc, 1);
	assert_int_equal(a.disagree, 0);
	assert_string_equal(audit_record_short(a.rec[0], buf, sizeof(buf)),
			    "smack_file_receive denied R→S requested=r");
	case_audit_free(&a);

	/* A finding: refused, no record. */
	case_audit_fill(&a, point(&d, 1));
	assert_int_equal(a.cls, AUD_MISSING);
	assert_string_equal(a.finding, "SMACK refused, but the kernel wrote no audit record");
	assert_int_equal(a.nrec, 0);
	assert_false(a.has_access2);
	case_audit_free(&a);

	/* An error: no count, no records. */
	case_audit_fill(&a, point(&d, 2));
	assert_int_equal(a.cls, AUD_ERROR);
	assert_string_equal(a.error, "the marker record never came back (2 s)");
	assert_int_equal(a.count, -1);
	case_audit_free(&a);

	/* A string denials_observed; the record past the list counts as denied. */
	case_audit_fill(&a, point(&d, 3));
	assert_int_equal(a.denials, -1);
	assert_string_equal(a.denials_text, "unknown (the family cannot tell)");
	assert_int_equal(a.nrec, 2);
	assert_int_equal(a.ndenied, 2);
	assert_int_equal(a.cls, AUD_RECORDED);
	case_audit_free(&a);

	/* access2: a disagreement and one not asked; a denied record but no refusal. */
	case_audit_fill(&a, point(&d, 4));
	assert_int_equal(a.nacc, 3);
	assert_int_equal(a.disagree, 1);
	assert_int_equal(a.not_asked, 1);
	assert_int_equal(a.cls, AUD_UNEXPECTED);
	case_audit_free(&a);

	/* The runner's point holds its tally, not a case's audit. */
	case_audit_fill(&a, point(&d, 5));
	assert_false(a.has);
	assert_false(a.has_access2);
	case_audit_free(&a);
	tap_doc_free(&d);
}

static void old_run_has_neither(void **state)
{
	struct tap_doc d;
	struct case_audit a;

	(void)state;
	tap_parse(&d, old_tap, strlen(old_tap));
	for (size_t i = 0; i < d.npt; i++) {
		case_audit_fill(&a, point(&d, i));
		assert_false(a.has);
		assert_false(a.has_access2);
		assert_int_equal(a.denials, -1);
		case_audit_free(&a);
	}
	tap_doc_free(&d);
}

static void record_short(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(audit_record_short("fn=f action=granted subject=R object=S", buf,
						sizeof(buf)),
			    "f granted R→S");
	/* Not the runner's form: as it is. */
	assert_string_equal(audit_record_short("type=1400 msg=audit(1.2:3)", buf, sizeof(buf)),
			    "type=1400 msg=audit(1.2:3)");
	assert_true(access2_disagrees("S R w = 1, but the rules do not grant it"));
	assert_true(access2_disagrees("S R w = 0, but the rules grant it"));
	assert_false(access2_disagrees("S R w = 0"));
	assert_false(access2_disagrees(NULL));
}

static void build(struct run *r, const char *runner_fix)
{
	char *tap = xstrdup(new_tap);

	if (runner_fix) {
		char *p = strstr(tap, "refusals_without_record: 1");

		assert_non_null(p);
		memcpy(p, runner_fix, strlen(runner_fix));
	}
	run_init(r);
	r->dir = xstrdup("mem");
	run_add_kernel_text(r, "5.10", "status=ok\n", old_tap, strlen(old_tap));
	run_add_kernel_text(r, "6.1", "status=ok\n", tap, strlen(tap));
	run_add_kernel_text(r, "6.12", "status=ok\n", tap, strlen(tap));
	run_build(r);
	free(tap);
}

static void totals_and_runner(void **state)
{
	struct run r;
	const struct audit_totals *t;

	(void)state;
	build(&r, NULL);
	/* Not recorded: nothing counted, and the runner states nothing. */
	t = &r.k[0].au;
	assert_int_equal(t->cases, 0);
	assert_int_equal(t->access2_cases, 0);
	assert_false(audit_runner_states(t));
	assert_int_equal(t->r_disagreements, -1);

	t = &r.k[1].au;
	assert_int_equal(t->cases, 5);
	assert_int_equal(t->n[AUD_RECORDED], 2);
	assert_int_equal(t->n[AUD_MISSING], 1);
	assert_int_equal(t->n[AUD_UNEXPECTED], 1);
	assert_int_equal(t->n[AUD_ERROR], 1);
	assert_int_equal(t->n[AUD_NOTHING], 0);
	assert_int_equal(t->unknown, 1);
	assert_int_equal(t->access2_cases, 2);
	assert_int_equal(t->disagreements, 1);
	assert_int_equal(t->not_asked, 1);
	assert_true(audit_runner_states(t));
	assert_true(audit_runner_agrees(t));
	assert_true(access2_runner_agrees(t));
	run_free(&r);

	/* The runner's tally says otherwise: flagged. */
	build(&r, "refusals_without_record: 7");
	assert_false(audit_runner_agrees(&r.k[1].au));
	assert_true(access2_runner_agrees(&r.k[1].au));
	run_free(&r);
}

static void findings_grouped(void **state)
{
	struct run r;
	struct findings fs;

	(void)state;
	build(&r, NULL);
	findings_build(&fs, &r);
	assert_int_equal(fs.cases[0], 0);
	assert_int_equal(fs.cases[1], 3);	/* missing, error, unexpected and access2 (one case) */
	assert_int_equal(fs.cases[2], 3);
	/* fdpass: the finding, the error; mmap: the audit finding, then access2. */
	assert_int_equal(fs.ng, 4);
	assert_string_equal(fs.g[0].family, "fdpass");
	assert_int_equal(fs.g[0].kind, FK_AUDIT);
	assert_string_equal(fs.g[0].text, "SMACK refused, but the kernel wrote no audit record");
	assert_int_equal(fs.g[0].k[0].n, 0);
	assert_int_equal(fs.g[0].k[1].n, 1);
	assert_int_equal(fs.g[0].k[2].n, 1);
	assert_int_equal(fs.g[1].kind, FK_AUDIT_ERROR);
	assert_string_equal(fs.g[2].family, "mmap");
	assert_int_equal(fs.g[3].kind, FK_ACCESS2);
	assert_string_equal(fs.g[3].text, "R S w = 1, but the rules do not grant it");
	findings_free(&fs);
	run_free(&r);
}

static void answer_notes(void **state)
{
	struct run r;
	struct answer a;
	const struct agrid *g;
	const struct acell *c;
	char buf[512], *line, *k;

	(void)state;
	build(&r, NULL);
	answer_build(&a, &r);
	g = answer_fdpass(&a);
	assert_non_null(g);
	assert_int_equal(g->nrow, 1);
	c = &g->row[0].col[AC_NONE];
	assert_int_equal(c->n, 3);
	/* Not recorded on the old kernel: no note, never "no record". */
	assert_null(acell_audit_note(&r, c, 0, buf, sizeof(buf)));
	assert_string_equal(acell_audit_note(&r, c, 1, buf, sizeof(buf)),
			    "smack_file_receive denied R→S requested=r; refused, but no audit "
			    "record (1 of 3 cases); records could not be read (1 of 3 cases)");
	line = acell_audit_line(&r, c);
	assert_non_null(strstr(line, "6.1, 6.12: smack_file_receive denied"));
	assert_null(strstr(line, "5.10"));
	free(line);
	k = acell_unaudited(&r, c, false);
	assert_string_equal(k, "6.1, 6.12");
	free(k);
	assert_null(acell_unaudited(&r, c, true));
	answer_free(&a);
	run_free(&r);
}

static char *render(void (*w)(FILE *, const struct run *), const struct run *r, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	assert_non_null(f);
	w(f, r);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void outputs(void **state)
{
	struct run r;
	size_t len, at;
	char *s;

	(void)state;
	build(&r, "refusals_without_record: 7");

	s = render(emit_json, &r, &len);
	assert_null(check_json(s, len, &at));
	assert_non_null(strstr(s, "{\"name\": \"5.10\""));
	assert_non_null(strstr(s, "\"audit\": null, \"access2\": null}"));
	assert_non_null(strstr(s, "\"refusals_without_record\": 1, \"records_without_refusal\": 1, "
				  "\"errors\": 1"));
	assert_non_null(strstr(s, "\"runner_agrees\": false"));
	assert_non_null(strstr(s, "\"findings_per_kernel\": {\"5.10\": null, \"6.1\": 3, "
				  "\"6.12\": 3}"));
	assert_non_null(strstr(s, "\"denials_observed\": \"unknown (the family cannot tell)\""));
	free(s);

	s = render(emit_md, &r, &len);
	assert_null(check_md(s, len, &at));
	assert_non_null(strstr(s, "| 5.10 | not recorded | not recorded |"));
	assert_non_null(strstr(s, "| 6.1 | 5 | 2 | 1 ❗ (the runner says 7) | 1 | 1 | 2 | 1 |"));
	assert_non_null(strstr(s, "## Findings"));
	assert_non_null(strstr(s, "not recorded on 5.10; 3 on 6.1; 3 on 6.12"));
	/* Escaped: no table cell or markup of the input's making. */
	assert_null(strstr(s, "<b>the case</b>"));
	assert_non_null(strstr(s, "(**refused, no audit record**: 6.1, 6.12)"));
	assert_non_null(strstr(s, "- `file_ro` under none: 6.1, 6.12: smack\\_file\\_receive"));
	free(s);

	s = render(emit_html, &r, &len);
	assert_null(check_html(s, len, &at));
	assert_null(strstr(s, "<script>"));
	assert_null(strstr(s, "<b>the case</b>"));
	assert_non_null(strstr(s, "<h2>Findings</h2>"));
	assert_non_null(strstr(s, "<span class=\"noaud\">refused, no audit record: 6.1, 6.12</span>"));
	assert_non_null(strstr(s, "&#10;SMACK audit: smack_file_receive denied R→S requested=r"));
	assert_non_null(strstr(s, "(the runner says 7)"));
	assert_non_null(strstr(s, "<td class=\"na\">not recorded</td>"));
	free(s);
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_both_blocks),
		cmocka_unit_test(old_run_has_neither),
		cmocka_unit_test(record_short),
		cmocka_unit_test(totals_and_runner),
		cmocka_unit_test(findings_grouped),
		cmocka_unit_test(answer_notes),
		cmocka_unit_test(outputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
