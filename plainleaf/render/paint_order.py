"""Re-emitting a page's content so that it paints in structure order: WeasyPrint paints by CSS layers (floats
before the text around them, positioned boxes such as outside list markers after it), so the eye and a screen
reader meet the page in different orders. Only self-contained pieces move (marked content wrapped in q … Q), and
only where moving them provably changes nothing on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pikepdf

from ..pdfread.content import PAINTING_OPERATORS, Instruction, PageContent
from ..pdfread.geometry import Box, overlap, union

# Graphics-state operators and what each one sets; colour operators set the colour and its space together.
_SETS = {"w": "w", "J": "J", "j": "j", "M": "M", "d": "d", "ri": "ri", "i": "i", "gs": "gs",
         "Tc": "Tc", "Tw": "Tw", "Tz": "Tz", "TL": "TL", "Tf": "Tf", "Tr": "Tr", "Ts": "Ts",
         "g": "fill", "rg": "fill", "k": "fill", "cs": "fill", "sc": "fill", "scn": "fill",
         "G": "stroke", "RG": "stroke", "K": "stroke", "CS": "stroke", "SC": "stroke", "SCN": "stroke"}
_ADDS_TO = {"sc", "scn", "SC", "SCN", "gs"}  # these add to what was set before rather than replace it
# What each part of the state is at the start of a page (ISO 32000-1 8.4.1, 9.3.1); none for a font or an ExtGState.
_DEFAULTS = {key: pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op)) for key, operands, op in (
    ("w", [1], "w"), ("J", [0], "J"), ("j", [0], "j"), ("M", [10], "M"), ("d", [pikepdf.Array(), 0], "d"),
    ("ri", [pikepdf.Name.RelativeColorimetric], "ri"), ("i", [0], "i"), ("Tc", [0], "Tc"), ("Tw", [0], "Tw"),
    ("Tz", [100], "Tz"), ("TL", [0], "TL"), ("Tr", [0], "Tr"), ("Ts", [0], "Ts"), ("fill", [0], "g"),
    ("stroke", [0], "G"))}

State = dict[str, tuple[Instruction, ...]]


def _same(a: tuple[Instruction, ...], b: tuple[Instruction, ...]) -> bool:
    return pikepdf.unparse_content_stream(a) == pikepdf.unparse_content_stream(b)


def _operator(instruction: Instruction) -> str:
    return str(instruction.operator)


@dataclass(frozen=True)
class _Unit:
    """Marked-content sequences that move together: those inside one q … Q (which keeps their state to itself)
    that holds nothing else that paints, and whose MCIDs follow one another in structure order; or one sequence
    on its own, not wrapped, which never moves."""

    mcids: tuple[int, ...]
    start: int  # index of its first instruction (its q, when wrapped)
    end: int  # index of its last instruction
    wrapped: bool


@dataclass
class _Page:
    """A page's instructions read once: the q depth, text object and marked content before each, the graphics
    state, and the units."""

    instructions: list[Instruction]
    depth: list[int]
    in_text: list[bool]
    in_marked: list[bool]
    states: list[State]  # the graphics state that applies before each instruction
    units: list[_Unit]
    owner: dict[int, _Unit]  # the unit each instruction belongs to

    @classmethod
    def read(cls, instructions: list[Instruction], rank: dict[int, int], neutral: set[str]) -> _Page:
        """`neutral`: the names of ExtGStates that set nothing but defaults (WeasyPrint's /a1.0: opacity 1)."""
        depth, in_text, in_marked, states = [], [], [], []
        level, text = 0, False
        stack: list[State] = [{}]
        saves: list[int] = []
        pairs: list[tuple[int, int]] = []  # (q, Q) indices
        marks: list[tuple[int, int | None]] = []  # (index, MCID) of each open sequence
        sequences: list[tuple[int, int, int]] = []  # (BDC index, EMC index, MCID) at the outermost level
        loose = [0]  # how many painting operators outside any sequence come before each index
        for index, instruction in enumerate(instructions):
            op = _operator(instruction)
            depth.append(level)
            in_text.append(text)
            in_marked.append(bool(marks))
            states.append(stack[-1])
            loose.append(loose[-1] + (op in PAINTING_OPERATORS and not (marks and marks[0][1] is not None)))
            if op == "q":
                level += 1
                stack.append(dict(stack[-1]))
                saves.append(index)
            elif op == "Q" and saves:
                level -= 1
                stack.pop()
                pairs.append((saves.pop(), index))
            elif op in ("BT", "ET"):
                text = op == "BT"
            elif op in ("BDC", "BMC"):
                properties = instruction.operands[1] if op == "BDC" and len(instruction.operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                marks.append((index, int(mcid) if mcid is not None else None))
            elif op == "EMC" and marks:
                begin, mcid = marks.pop()
                if mcid is not None and not marks:
                    sequences.append((begin, index, mcid))
            elif op in _SETS and not (op == "gs" and str(instruction.operands[0]) in neutral):
                key = _SETS[op]
                state = stack[-1] = dict(stack[-1])
                state[key] = (*state.get(key, ()), instruction) if op in _ADDS_TO else (instruction,)
        page = cls(instructions, depth, in_text, in_marked, states, [], {})
        page.units = _units(sequences, pairs, loose, rank)
        page.owner = {i: unit for unit in page.units for i in range(unit.start, unit.end + 1)}
        return page

    def can_move(self, unit: _Unit, to: int, boxes: dict[int, Box]) -> bool:
        """Whether `unit` paints the same when it moves to just before instruction `to`: the same q depth, no
        change of the current matrix or clipping between, nothing between that it could cover or be covered by,
        outside any text object or marked content, and a state it can be given back."""
        level = self.depth[unit.start]
        low, high = sorted((unit.start, to))
        if self.depth[to] != level or self.in_text[to] or self.in_marked[to] or self.in_marked[unit.start]:
            return False
        between = range(low, high)
        if any(self.depth[i] < level for i in between):
            return False
        for i in between:
            op = _operator(self.instructions[i])
            if self.depth[i] == level and op in ("cm", "W", "W*"):
                return False
            if op in PAINTING_OPERATORS and i not in self.owner:
                return False  # painting that is no unit's (an artifact): where it is, is not known
        mine = _box(unit, boxes)
        if mine is None:
            return False
        for other in self.units:
            if other is not unit and low <= other.start < high:
                theirs = _box(other, boxes)
                if theirs is not None and overlap(mine, theirs, slack=0.5):
                    return False
        return self.restoring(unit, to) is not None

    def restoring(self, unit: _Unit, to: int) -> list[Instruction] | None:
        """The instructions that give `unit`, moved before instruction `to`, the graphics state it had where it was;
        None when that cannot be done (a part of the state with no default was set at `to` but not at the unit)."""
        here, there = self.states[unit.start], self.states[to]
        restore: list[Instruction] = []
        for key in sorted(set(here) | set(there)):
            mine, theirs = here.get(key, ()), there.get(key, ())
            if _same(mine, theirs):
                continue
            if key == "gs" and not _same(mine[:len(theirs)], theirs):
                return None  # an ExtGState set there and not here cannot be undone
            if key == "Tf" and self._sets_font_before_text(unit):
                continue
            if not mine and key not in _DEFAULTS:
                return None
            restore += list(mine) if mine else [_DEFAULTS[key]]
        return restore


    def _sets_font_before_text(self, unit: _Unit) -> bool:
        """Whether the unit chooses its font itself before it shows any text (WeasyPrint does in each BT)."""
        chosen = [False]
        for instruction in self.instructions[unit.start:unit.end + 1]:
            op = _operator(instruction)
            if op == "q":
                chosen.append(chosen[-1])
            elif op == "Q" and len(chosen) > 1:
                chosen.pop()
            elif op == "Tf":
                chosen[-1] = True
            elif op in ("Tj", "TJ", "'", '"') and not chosen[-1]:
                return False
        return True


def _units(sequences: list[tuple[int, int, int]], pairs: list[tuple[int, int]], loose: list[int],
           rank: dict[int, int]) -> list[_Unit]:
    """The outermost q … Q pairs that make a unit, and every other sequence in structure as a unit of its own."""
    counts: dict[int, int] = {}
    for _, _, mcid in sequences:
        counts[mcid] = counts.get(mcid, 0) + 1

    def movable(start: int, end: int) -> tuple[int, ...] | None:
        inside = [mcid for begin, finish, mcid in sequences if start < begin and finish < end]
        ranks = [rank.get(mcid, -1) for mcid in inside]
        in_order = ranks == list(range(ranks[0], ranks[0] + len(ranks))) if ranks else False
        if not in_order or ranks[0] < 0 or loose[end] != loose[start] or any(counts[m] > 1 for m in inside):
            return None
        return tuple(inside)

    units: list[_Unit] = []
    for start, end in sorted(pairs):
        if units and units[-1].wrapped and end <= units[-1].end:
            continue  # inside a unit already found
        mcids = movable(start, end)
        if mcids is not None:
            units.append(_Unit(mcids, start, end, True))
    covered = {mcid for unit in units for mcid in unit.mcids}
    units += [_Unit((mcid,), begin, finish, False) for begin, finish, mcid in sequences
              if mcid not in covered and counts[mcid] == 1 and mcid in rank]
    return sorted(units, key=lambda unit: unit.start)


def _box(unit: _Unit, boxes: dict[int, Box]) -> Box | None:
    """What the unit paints, as one box; None when some of it is not known."""
    found: Box | None = None
    for mcid in unit.mcids:
        if mcid not in boxes:
            return None
        found = union(found, boxes[mcid])
    return found


_NEUTRAL_EXT_G_STATE = {"/Type": "/ExtGState", "/CA": 1, "/ca": 1, "/BM": "/Normal", "/SMask": "/None",
                        "/AIS": False}


def neutral_ext_g_states(resources: pikepdf.Object) -> set[str]:
    """The ExtGStates among `resources` that set only what every page starts with."""
    states = resources.get("/ExtGState", pikepdf.Dictionary()) if resources is not None else pikepdf.Dictionary()
    return {str(name) for name, state in states.items()
            if isinstance(state, pikepdf.Dictionary)
            and all(key in _NEUTRAL_EXT_G_STATE and _plain(value) == _NEUTRAL_EXT_G_STATE[key]
                    for key, value in state.items())}


def _plain(value: object) -> object:
    """pikepdf gives numbers and booleans as Python values already; names compare as text."""
    return str(value) if isinstance(value, pikepdf.Name) else float(value) if isinstance(value, Decimal) else value


def in_structure_order(instructions: list[Instruction], content: PageContent, structure_order: Sequence[int],
                       neutral: set[str]) -> list[Instruction] | None:
    """The page's instructions with every piece that may move painted in structure order; None when nothing moves.

    Unwrapped marked content stays where it is (the anchors); each wrapped piece goes just before the first anchor
    that comes after it in structure order, unless that could change what the page shows."""
    rank = {mcid: index for index, mcid in enumerate(structure_order)}
    page = _Page.read(instructions, rank, neutral)
    units = page.units
    fixed = {u.start for u in units if not u.wrapped}
    while True:
        anchors = [u for u in units if u.start in fixed]
        plan = _plan(units, anchors, rank)
        unsafe = [unit for unit, to in plan if not page.can_move(unit, to, content.mcid_boxes)]
        if not unsafe:
            break
        fixed |= {u.start for u in unsafe}
    if not plan:
        return None
    moving = {unit.start: unit for unit, _ in plan}
    arriving: dict[int, list[_Unit]] = {}
    for unit, to in plan:
        arriving.setdefault(to, []).append(unit)
    out: list[Instruction] = []
    index = 0
    while index <= len(instructions):
        for unit in sorted(arriving.get(index, []), key=lambda u: rank[u.mcids[0]]):
            restore = page.restoring(unit, index) or []
            out += [instructions[unit.start], *restore, *instructions[unit.start + 1:unit.end + 1]]
        if index == len(instructions):
            break
        if index in moving:
            index = moving[index].end + 1
            continue
        out.append(instructions[index])
        index += 1
    return out


def _plan(units: list[_Unit], anchors: list[_Unit], rank: dict[int, int]) -> list[tuple[_Unit, int]]:
    """(unit, index it moves before) for each movable unit not already where structure order puts it."""
    def destination(unit: _Unit) -> int | None:
        """The index of the anchor the unit belongs before; None: after every anchor."""
        return next((a.start for a in anchors if rank[a.mcids[0]] > rank[unit.mcids[0]]), None)

    movable = [u for u in units if u not in anchors]
    after_last = anchors[-1].end + 1 if anchors else None
    destinations = {u: destination(u) for u in movable}  # each looked for once, not once for each slot
    gaps = {u: _gap(u, anchors) for u in movable}
    plan = []
    for slot in {destinations[u] for u in movable}:
        wanted = sorted((u for u in movable if destinations[u] == slot), key=lambda u: rank[u.mcids[0]])
        here = [u for u in movable if gaps[u] == slot]
        if here == wanted:
            continue
        to = slot if slot is not None else after_last
        if to is None:
            continue
        plan += [(unit, to) for unit in wanted]
    return plan


def _gap(unit: _Unit, anchors: list[_Unit]) -> int | None:
    """The start of the first anchor after `unit` as the page stands (None: after every anchor)."""
    return next((a.start for a in anchors if a.start > unit.start), None)
