#!/usr/bin/env python3
"""Read the suite's KTAP with the kernel's own parser (tools/testing/kunit/kunit_parser.py)
and check that it sees what the suite printed: every test, its status, and each test's
diagnostics (the "# ..." lines just before its result line, the first naming the test) in
that test's log, not the next's.

Usage: vm/kunit-check.py KUNIT_DIR KTAP_FILE
Exit 0 when every check holds; 1 naming each that does not; 2 on bad usage.
"""
import io
import re
import sys
from contextlib import redirect_stdout

RESULT = re.compile(r'^(\s*)(ok|not ok) ([0-9]+) (- )?([^#]*?)( # (SKIP|TIMEOUT|ERROR).*)?$')


def expected(path):
    """Leaf tests as the file states them: name -> (status word, diagnostics before it)."""
    tests, pending = {}, []
    for line in open(path, encoding='utf-8', errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('#### '):
            continue  # the guest's section markers and exit status
        m = RESULT.match(line)
        if m:
            if m.group(1):  # indented: a case inside a family's subtest
                word = 'SKIPPED' if m.group(7) == 'SKIP' else \
                    'SUCCESS' if m.group(2) == 'ok' else 'FAILURE'
                tests[m.group(5)] = (word, pending)
            pending = []
        elif re.match(r'^\s+# ', line) and not re.match(r'^\s*# Subtest:', line):
            pending.append(line.strip())
        elif line.strip().startswith(('KTAP version', '1..', '# Subtest')):
            pending = []
    return tests


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    sys.path.insert(0, sys.argv[1])
    import kunit_parser  # pylint: disable=import-outside-toplevel
    want = expected(sys.argv[2])
    with open(sys.argv[2], encoding='utf-8', errors='replace') as f:
        lines = [l for l in f if not l.startswith('#### ')]
    with redirect_stdout(io.StringIO()):
        top = kunit_parser.parse_run_tests(lines)
    got = {}
    for family in top.subtests:
        for case in family.subtests:
            got[case.name] = case
    bad = []
    if not want:
        bad.append('no KTAP test points in the file')
    for name, (word, diag) in want.items():
        case = got.get(name)
        if case is None:
            bad.append(f'{name}: the parser did not see it')
            continue
        if case.status.name != word:
            bad.append(f'{name}: parser says {case.status.name}, the line says {word}')
        log = [l.strip() for l in case.log]
        if f'# case: {name}' not in log:
            bad.append(f'{name}: its own "# case:" line is not in its log')
        missing = [d for d in diag if d not in log]
        if missing:
            bad.append(f'{name}: {len(missing)} of its {len(diag)} diagnostic lines are not in '
                       f'its log, first: {missing[0]!r}')
    for name, case in got.items():
        if name not in want:
            bad.append(f'{name}: parsed but not in the file')
    # The run's header comments belong to the run, not to its first family.
    with open(sys.argv[2], encoding='utf-8', errors='replace') as f:
        head = []
        for line in f:
            if line.startswith(' ') or RESULT.match(line.rstrip('\n')):
                break
            if line.startswith('# ') and not line.startswith('# Subtest'):
                head.append(line.strip())
    if top.subtests and head and any(h in [l.strip() for l in top.subtests[0].log] for h in head):
        bad.append(f'the header comments went to the first test, {top.subtests[0].name}')
    for b in bad:
        print('FAIL:', b)
    counts = top.counts
    print(f'kunit_parser: {len(got)} tests in {len(top.subtests)} families; passed '
          f'{counts.passed}, failed {counts.failed}, skipped {counts.skipped}, crashed '
          f'{counts.crashed}, errors {counts.errors}; diagnostics checked for {len(want)}')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
