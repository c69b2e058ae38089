"""Every regular expression plainleaf runs, and a static check that each one takes time linear in its input.

Python's `re` backtracks. A pattern is slow on hostile text in three ways, and each can be seen in its parse tree
(`re._parser`), so the check is exact for a given pattern and needs no clock:

- nested quantifiers: a repeated group whose body can match the same text in more than one way, or can end where
  a new turn begins (`(a+)+`, `(?:a|aa)*`): exponential;
- overlapping quantifiers in sequence: two unbounded repeats that can both take the same characters, with
  nothing between them that only one of them could match (`\\S+@\\S+` on "@@@@"): polynomial in one attempt;
- a restart quadratic: an unanchored pattern that starts with (or can reach at once) an unbounded repeat, then
  needs something that may not come (`\\S+@` on "aaaa"): `search` tries every start, each running to the end.
  A lookbehind that forbids starting inside such a run (`(?<![\\w-])\\w+…`) makes it linear again.

Characters are compared on a sample alphabet: all of Latin-1, every character the patterns name, and a few from
other scripts.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from re import _constants as c
from re import _parser

import plainleaf

PACKAGE = Path(plainleaf.__file__).resolve().parent
UNBOUNDED = 16  # a repeat allowing more than this many turns counts as unbounded
_EXTRA = "éñüçøßİıſKΩжД中日ء‐–—’“”«»¿¡…\u00a0\u2009\u200b\u2028\u3000"


@dataclass(frozen=True)
class Seen:
    """A pattern plainleaf compiled, and where: `module.NAME` for one a module holds, `file.py:function` for one
    compiled from data as plainleaf runs."""

    pattern: str | bytes
    flags: int
    where: str


def module_patterns() -> dict[tuple[str | bytes, int], Seen]:
    """Every compiled pattern held by a plainleaf module or one of its classes (imports every module)."""
    found: dict[tuple[str | bytes, int], Seen] = {}
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="plainleaf."):
        module = importlib.import_module(info.name)
        holders = [vars(module), *(vars(v) for v in vars(module).values()
                                   if isinstance(v, type) and v.__module__ == module.__name__)]
        for holder in holders:
            for name, value in holder.items():
                if isinstance(value, re.Pattern):
                    found.setdefault((value.pattern, value.flags), Seen(value.pattern, value.flags,
                                                                        f"{module.__name__}.{name}"))
    return found


class Recorder:
    """Records every pattern compiled from plainleaf's own code while it is installed (re.compile, re.sub and the
    rest all go through re._compile), so that patterns built from data (glossary terms, the guides' phrase lists)
    are checked too."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str | bytes, int], Seen] = {}
        self._real: Callable | None = None

    def __enter__(self) -> Recorder:
        self._real = real = re._compile

        def compile_and_record(pattern, flags):
            compiled = real(pattern, flags)
            frame = sys._getframe(1)
            while frame and Path(frame.f_code.co_filename).parent.name == "re":
                frame = frame.f_back
            if frame and Path(frame.f_code.co_filename).resolve().is_relative_to(PACKAGE):
                key = (compiled.pattern, compiled.flags)
                where = f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_qualname}"
                self.seen.setdefault(key, Seen(compiled.pattern, compiled.flags, where))
            return compiled

        re._compile = compile_and_record
        re.purge()  # patterns in re's cache would not be compiled again
        return self

    def __exit__(self, *exc: object) -> None:
        re._compile = self._real


# --- the parse tree -------------------------------------------------------------------------------------------

def _alphabet(patterns: list[Seen]) -> str:
    named = {chr(code) for seen in patterns for code in _literals(_parser.parse(_text(seen.pattern), seen.flags))}
    return "".join(sorted({*map(chr, range(256)), *_EXTRA, *named}))


def _text(pattern: str | bytes) -> str:
    return pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern


def _literals(items) -> Iterator[int]:
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            yield av
        elif op == c.RANGE:
            yield from av
        elif op == c.IN:
            yield from _literals(av)
        elif op == c.BRANCH:
            for branch in av[1]:
                yield from _literals(branch)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            yield from _literals(av[2])
        elif op == c.SUBPATTERN:
            yield from _literals(av[3])
        elif op in (c.ASSERT, c.ASSERT_NOT):
            yield from _literals(av[1])
        elif op == c.ATOMIC_GROUP:
            yield from _literals(av)


@dataclass(frozen=True)
class Node:
    """What the checks need to know of a piece of a pattern."""

    chars: frozenset[str]  # every character a match can hold
    first: frozenset[str]  # the characters a match can start with
    last: frozenset[str]  # the characters a match can end with
    nullable: bool  # it can match the empty string
    unbounded: bool  # it holds a repeat with no (small) upper bound
    rigid: bool = True  # every unbounded repeat in it is possessive: it never gives back what it took


class Analysis:
    """The three checks on one pattern; `problems` says what is wrong, or is empty."""

    def __init__(self, seen: Seen, alphabet: str):
        self.seen = seen
        self.alphabet = alphabet
        self.flags = seen.flags
        self.problems: list[str] = []
        self.groups: dict[int, Node] = {}
        tree = _parser.parse(_text(seen.pattern), seen.flags)
        self.flags = tree.state.flags
        whole = self._sequence(list(tree))
        self._check_restarts(list(tree), whole)

    # character sets ------------------------------------------------------------------------------------------

    def _set(self, op: int, av: object) -> frozenset[str]:
        ignore = bool(self.flags & re.IGNORECASE)
        if op == c.LITERAL:
            return self._cased({chr(av)}, ignore)
        if op == c.NOT_LITERAL:
            return frozenset(self.alphabet) - self._cased({chr(av)}, ignore)
        if op == c.ANY:
            return frozenset(self.alphabet) - ({"\n"} if not self.flags & re.DOTALL else set())
        if op == c.IN:
            chosen, negate = set(), False
            for item, value in av:
                if item == c.NEGATE:
                    negate = True
                elif item == c.LITERAL:
                    chosen.add(chr(value))
                elif item == c.RANGE:
                    chosen.update(ch for ch in self.alphabet if value[0] <= ord(ch) <= value[1])
                elif item == c.CATEGORY:
                    chosen.update(ch for ch in self.alphabet if self._in_category(ch, value))
            chosen = set(self._cased(chosen, ignore))
            return frozenset(self.alphabet) - chosen if negate else frozenset(chosen)
        raise ValueError(op)

    def _cased(self, chars: set[str], ignore: bool) -> frozenset[str]:
        if not ignore:
            return frozenset(chars)
        return frozenset(ch for ch in self.alphabet if ch in chars or ch.lower() in {x.lower() for x in chars}
                         or ch.upper() in {x.upper() for x in chars})

    def _in_category(self, ch: str, category: object) -> bool:
        ascii_only = bool(self.flags & re.ASCII)
        word = (ch.isascii() and (ch.isalnum() or ch == "_")) if ascii_only else (ch.isalnum() or ch == "_")
        digit = ch in "0123456789" if ascii_only else ch.isdecimal()
        space = ch in " \t\n\r\f\v" if ascii_only else ch.isspace()
        return {c.CATEGORY_WORD: word, c.CATEGORY_NOT_WORD: not word, c.CATEGORY_DIGIT: digit,
                c.CATEGORY_NOT_DIGIT: not digit, c.CATEGORY_SPACE: space, c.CATEGORY_NOT_SPACE: not space,
                c.CATEGORY_LINEBREAK: ch == "\n", c.CATEGORY_NOT_LINEBREAK: ch != "\n"}.get(category, True)

    # nodes ---------------------------------------------------------------------------------------------------

    def _node(self, op: int, av: object) -> Node:
        if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
            chars = self._set(op, av)
            return Node(chars, chars, chars, False, False)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = av
            inner = self._sequence(list(body))
            unbounded = high == c.MAXREPEAT or high > UNBOUNDED
            if unbounded and op != c.POSSESSIVE_REPEAT:
                self._check_nested(list(body), inner)
            return Node(inner.chars, inner.first, inner.last, low == 0 or inner.nullable,
                        unbounded or inner.unbounded, inner.rigid and (op == c.POSSESSIVE_REPEAT or not unbounded))
        if op == c.SUBPATTERN:
            group, _, _, body = av
            node = self._sequence(list(body))
            if group:
                self.groups[group] = node
            return node
        if op == c.ATOMIC_GROUP:
            inner = self._sequence(list(av))
            return Node(inner.chars, inner.first, inner.last, inner.nullable, inner.unbounded, True)
        if op == c.BRANCH:
            branches = [self._sequence(list(b)) for b in av[1]]
            return Node(frozenset().union(*(b.chars for b in branches)),
                        frozenset().union(*(b.first for b in branches)),
                        frozenset().union(*(b.last for b in branches)), any(b.nullable for b in branches),
                        any(b.unbounded for b in branches), all(b.rigid for b in branches))
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, body = av
            inner = self._sequence(list(body))
            if direction > 0 and inner.unbounded:
                self.problems.append("a lookahead holds an unbounded repeat: it reads to the end from every start")
            return _EMPTY
        if op == c.GROUPREF:
            everything = frozenset(self.alphabet)
            return self.groups.get(av, Node(everything, everything, everything, True, True, False))
        if op == c.GROUPREF_EXISTS:
            branches = [self._sequence(list(b)) for b in av[1:] if b is not None]
            return Node(frozenset().union(*(b.chars for b in branches)),
                        frozenset().union(*(b.first for b in branches)),
                        frozenset().union(*(b.last for b in branches)), True, any(b.unbounded for b in branches),
                        all(b.rigid for b in branches))
        return _EMPTY  # AT: anchors and boundaries take no characters

    def _sequence(self, items: list) -> Node:
        nodes = [self._node(op, av) for op, av in items]
        self._check_adjacent(items, nodes)
        first: set[str] = set()
        for node in nodes:
            first |= node.first
            if not node.nullable:
                break
        last: set[str] = set()
        for node in reversed(nodes):
            last |= node.last
            if not node.nullable:
                break
        return Node(frozenset().union(*(n.chars for n in nodes)), frozenset(first), frozenset(last),
                    all(n.nullable for n in nodes), any(n.unbounded for n in nodes), all(n.rigid for n in nodes))

    # the checks ----------------------------------------------------------------------------------------------

    def _check_nested(self, body: list, inner: Node) -> None:
        """A repeated body must split a run into turns one way only: each turn needs a character (a separator)
        that nothing else in the body can take, unless the body is one fixed-width piece with no repeat or
        choice inside it."""
        if not inner.unbounded and not _has_branch(body) and _fixed_width(body):
            return
        nodes = [self._node(op, av) for op, av in body]
        for i, node in enumerate(nodes):
            if node.nullable or node.unbounded or len(node.chars) == 0:
                continue
            others = frozenset().union(*(n.chars for j, n in enumerate(nodes) if j != i))
            if not node.chars & others and body[i][0] in (c.LITERAL, c.IN, c.NOT_LITERAL, c.ANY):
                return
        self.problems.append(f"nested quantifiers: a repeat of {_shown(body)} can split the same text into turns "
                             "in more than one way")

    def _check_adjacent(self, items: list, nodes: list[Node]) -> None:
        """Two unbounded repeats in sequence are ambiguous when one character could be taken by the first, by
        everything that must match between them, and by the second as its first: then a run of it can be split
        between them in as many ways as it is long."""
        for i, left in enumerate(nodes):
            if not left.unbounded or left.rigid:
                continue
            shared = left.last
            for j in range(i + 1, len(nodes)):
                right = nodes[j]
                if right.unbounded and shared & right.first:
                    self.problems.append(f"overlapping quantifiers in sequence: {_shown(items[i:i + 1])} and "
                                         f"{_shown(items[j:j + 1])} can both take {_sample(shared & right.first)!r}")
                    return
                if not right.nullable:
                    shared &= right.chars if not right.unbounded else right.first
                    if not shared:
                        break

    def _check_restarts(self, items: list, whole: Node) -> None:
        """Unanchored, the pattern is tried at every start. When it can start inside a run of one character class
        that a repeat then reads to the end of, and something after may fail, each start costs the run's length:
        the time is the square of it. A lookbehind that forbids starting inside the run (or an anchor) stops it."""
        if items and items[0][0] == c.AT and items[0][1] in (c.AT_BEGINNING, c.AT_BEGINNING_STRING):
            return
        if len(items) == 1 and items[0][0] == c.BRANCH:
            for branch in items[0][1][1]:
                self._check_restarts(list(branch), whole)
            return
        if len(items) == 1 and items[0][0] in (c.SUBPATTERN, c.ATOMIC_GROUP):
            self._check_restarts(list(items[0][1][3] if items[0][0] == c.SUBPATTERN else items[0][1]), whole)
            return
        guard = frozenset()  # characters a lookbehind forbids just before the start
        run: frozenset[str] | None = None  # characters every position of the prefix so far can be
        for k, (op, av) in enumerate(items):
            if op == c.ASSERT_NOT and av[0] < 0 and k == 0:
                guard |= self._sequence(list(av[1])).chars
                continue
            if op == c.ASSERT and av[0] < 0 and k == 0:
                guard |= frozenset(self.alphabet) - self._sequence(list(av[1])).chars
                continue
            if op == c.AT and av == c.AT_BOUNDARY and k == 0:
                guard |= self._set(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])
                continue
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            node = self._node(op, av)
            if node.unbounded and _one_class(op, av):
                chars = node.chars - guard if run is None else node.chars & run
                if chars and not self._sequence(list(items[k + 1:])).nullable:
                    self.problems.append(f"restarts: searching, it can start at every character of a run of "
                                         f"{_sample(chars)!r} and read it to its end with {_shown(items[k:k + 1])} "
                                         "before the rest fails")
                return
            if node.nullable:
                continue
            if node.unbounded or not _one_character(op):
                return  # only a run of one character class can hold many starts
            run = (node.chars - guard) if run is None else run & node.chars
            guard = frozenset()
            if not run:
                return


def _one_character(op: int) -> bool:
    return op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN)


def _one_class(op: int, av: object) -> bool:
    """A repeat of one character class (`\\S+`, `[.!?]*`, `a++`)."""
    return op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and len(av[2]) == 1 and (
        av[2][0][0] in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN))


_EMPTY = Node(frozenset(), frozenset(), frozenset(), True, False)


def _has_branch(items: list) -> bool:
    return any(op == c.BRANCH or (op == c.SUBPATTERN and _has_branch(list(av[3]))) for op, av in items)


def _fixed_width(items: list) -> bool:
    low, high = _parser.SubPattern(_parser.State(), items).getwidth()
    return low == high


def _shown(items: list) -> str:
    return repr(items)[:60]


def _sample(chars: frozenset[str]) -> str:
    return "".join(sorted(chars)[:6])


def problems(patterns: list[Seen]) -> dict[Seen, list[str]]:
    """Every pattern that is not linear, with why."""
    alphabet = _alphabet(patterns)
    found = {}
    for seen in patterns:
        analysis = Analysis(seen, alphabet)
        if analysis.problems:
            found[seen] = analysis.problems
    return found
