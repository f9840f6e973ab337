"""Evaluation harness: runs an agent against test cases and grades the answers.

A test case is a message plus what a good answer must (and must not) contain. The harness runs the
agent on every case, grades each answer, and writes a report the evaluator agent reads back.
"""

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

PASS_MARK = 0.8
SLOW_SECONDS = 2.0


@dataclass
class TestCase:
    name: str
    message: str
    must_contain: list = field(default_factory=list)
    must_not_contain: list = field(default_factory=list)
    expected_team: str = ""


@dataclass
class Result:
    case: TestCase
    answer: str
    team: str
    seconds: float
    failures: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.failures


def load_cases(path):
    """Reads test cases from a JSON file: a list of objects with the TestCase fields."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    cases = []
    for item in raw:
        cases.append(TestCase(
            name=item["name"],
            message=item["message"],
            must_contain=item.get("must_contain", []),
            must_not_contain=item.get("must_not_contain", []),
            expected_team=item.get("expected_team", ""),
        ))
    return cases


def grade(case, answer, team):
    """Lists what is wrong with one answer; an empty list means it passed."""
    failures = []
    lowered = answer.lower()
    for phrase in case.must_contain:
        if phrase.lower() not in lowered:
            failures.append(f"missing {phrase!r}")
    for phrase in case.must_not_contain:
        if phrase.lower() in lowered:
            failures.append(f"contains {phrase!r}")
    if case.expected_team and team != case.expected_team:
        failures.append(f"routed to {team}, expected {case.expected_team}")
    return failures


def run_case(agent, case):
    started = time.perf_counter()
    team = agent.route(case.message)
    answer = agent.respond(case.message)
    seconds = time.perf_counter() - started
    result = Result(case=case, answer=answer, team=team, seconds=seconds)
    result.failures = grade(case, answer, team)
    if seconds > SLOW_SECONDS:
        result.failures.append(f"slow: {seconds:.1f} s")
    return result


def run_all(agent, cases):
    results = []
    for case in cases:
        try:
            results.append(run_case(agent, case))
        except Exception as error:  # an agent bug must not stop the evaluation
            results.append(Result(case=case, answer="", team="", seconds=0.0, failures=[f"raised {error!r}"]))
    return results


def pass_rate(results):
    if not results:
        return 0.0
    return sum(1 for result in results if result.passed) / len(results)


def timing(results):
    seconds = [result.seconds for result in results if result.seconds > 0]
    if not seconds:
        return {"median": 0.0, "max": 0.0}
    return {"median": statistics.median(seconds), "max": max(seconds)}


def by_team(results):
    teams = {}
    for result in results:
        entry = teams.setdefault(result.team or "none", {"passed": 0, "failed": 0})
        if result.passed:
            entry["passed"] += 1
        else:
            entry["failed"] += 1
    return teams


def report(results):
    """The report as the evaluator agent reads it: totals first, then each failure."""
    rate = pass_rate(results)
    lines = [
        f"cases: {len(results)}",
        f"pass rate: {rate:.0%} ({'PASS' if rate >= PASS_MARK else 'FAIL'})",
        f"median time: {timing(results)['median']:.3f} s",
    ]
    for team, entry in sorted(by_team(results).items()):
        lines.append(f"team {team}: {entry['passed']} passed, {entry['failed']} failed")
    for result in results:
        if result.passed:
            continue
        lines.append(f"- {result.case.name}: " + "; ".join(result.failures))
    return "\n".join(lines)


def write_report(results, path):
    text = report(results)
    Path(path).write_text(text + "\n", encoding="utf-8")
    return text


def compare(before, after):
    """Cases that passed before and fail now, and the other way round."""
    passed_before = {result.case.name for result in before if result.passed}
    passed_after = {result.case.name for result in after if result.passed}
    return {
        "regressed": sorted(passed_before - passed_after),
        "fixed": sorted(passed_after - passed_before),
    }


class EchoAgent:
    """A stand-in agent for trying the harness without a model."""

    def route(self, message):
        if "invoice" in message.lower():
            return "billing"
        return "general"

    def respond(self, message):
        return f"You wrote: {message}"


def demo_cases():
    return [
        TestCase(name="double charge", message="I was charged twice on my invoice",
                 must_contain=["billing"], expected_team="billing"),
        TestCase(name="opening hours", message="When are you open?",
                 must_not_contain=["sorry"], expected_team="general"),
        TestCase(name="crash", message="The app crashes at login",
                 must_contain=["technical"], expected_team="technical"),
    ]


def main(argv):
    cases = load_cases(argv[1]) if len(argv) > 1 else demo_cases()
    results = run_all(EchoAgent(), cases)
    print(report(results))
    return 0 if pass_rate(results) >= PASS_MARK else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
