"""Answer composition: the best units within a character budget, each its own citation.

Start from the best unit; a further unit joins only when the model gives it a high enough
probability of holding an asked-for fact (at least `add_min_prob`, and at least `add_min_share` of
the best unit's: both fitted with the scorer), it says something the answer does not already say,
and it fits the budget (a list, with its first items that fit; a table row, with its first cells).
Then a unit nearly as likely as the best (at least `overflow_share` of its probability, fitted too)
may take the answer past the budget, up to `overflow_budget`: the budget is for the usual answer
(the product's target is a median), and strong evidence that does not fit is worth more than the
cap. A question that counts ("What are the five ...?") starts from a list of that many items when
one is among the five best units, and otherwise gets the items of the best unit's list. (The
scorer's `type_match` already favours such a list; this makes the count the question's own
constraint, as it is.)
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from .text import BLOCK_SEPARATOR, CELL_SEPARATOR, sentence_spans
from .units import LIST, LIST_ITEM, PAIR, SENTENCE, TABLE_ROW, Unit, is_label

REDUNDANT = 0.9  # cosine above which a unit repeats one already chosen
REPEATED_WORDS = 0.7  # share of the shorter unit's words found in the other: a repeat
COUNTED_LIST_RANK = 5  # how far down the ranking a list of the asked number of items is looked for
MARKER_CHARS = 4  # " [n]", which the answer puts in each sentence of a quoted unit (`verify`)
_INNER_STOP = re.compile(r"[.!?\u2026\n](?!$)")


def compose(
    units: list[Unit],
    probs: np.ndarray,
    vectors: np.ndarray,
    *,
    budget: int,
    max_units: int,
    add_min_prob: float,
    count: int | None = None,
    add_min_share: float = 0.0,
    overflow_share: float | None = None,
    overflow_budget: int = 0,
) -> list[Unit]:
    """The chosen units, grouped by passage (the best unit's first) and in written order within one,
    except that a best unit that is a table row or an item of an uncounted list comes first."""
    if not units:
        return []
    order = [int(i) for i in np.argsort(-probs, kind="stable")]
    floor = join_floor(float(probs[order[0]]), add_min_prob, add_min_share)
    # "What are the five areas ...?": a list of five among the best units leads (`items` counts
    # only a list's or a column's items, 0 for any other unit), if it scores what any unit added
    # to an answer must: "Who are the two people each city nominates?" drew a two-item list of the
    # ways the project helped cities (P 0.06) over the best unit (P 0.16).
    counted = next((i for i in order[:COUNTED_LIST_RANK]
                    if count and units[i].items == count and probs[i] >= add_min_prob), None)
    if counted is not None:
        order.remove(counted)
        order.insert(0, counted)
    chosen = [order[0]]
    cut: dict[int, Unit] = {}  # lists quoted up to the items that fit, or by their items' labels
    best = units[order[0]]
    if best.abridged is not None and (_cost(best) > budget or (
            best.abridged.end > best.end and _cost(best.abridged) <= budget)):
        # Too long, or cut at MAX_LIST_CHARS after its first items: "The socials serve three
        # purposes:" quoted with the first purpose in full had left the other two out.
        cut[order[0]] = best.abridged
    length = _cost(cut.get(order[0], units[order[0]]))
    if count and best.kind == LIST_ITEM:
        siblings = [i for i, u in enumerate(units) if u.kind == LIST_ITEM and u.passage == best.passage
                    and u.context == best.context and i != order[0]]
        for i in siblings[: count - 1]:
            chosen.append(i)
            length += _cost(units[i])
    for i in order[1:]:
        if len(chosen) >= max_units:
            break
        if probs[i] < floor:
            break
        u = units[i]
        if i in chosen:
            continue
        grown = next(((j, w) for j in chosen if (w := _extended(cut.get(j, units[j]), u)) is not None), None)
        if grown is not None:  # it goes on from a chosen sentence or pair: quote the run of sentences
            j, w = grown
            extra = _cost(w) - _cost(cut.get(j, units[j]))
            # Not into another chosen unit: the sentence they would share had been quoted twice.
            if length + extra <= budget and not any(k != j and _overlaps(w, cut.get(k, units[k])) for k in chosen):
                length += extra
                cut[j] = w
            continue
        if u.kind == LIST and not u.labels:  # it holds a chosen item: quote the list in the item's place
            grown = _item_to_list(units, chosen, cut, length, budget, i)
            if grown is not None:
                length = grown
                continue
        if any(_says_again(u, vectors[i], cut.get(j, units[j]), vectors[j]) for j in chosen):
            continue
        if length + _cost(u) > budget:
            u = _abridged(u, budget - length) or _prefix(u, budget - length)
            if u is None:
                continue
            cut[i] = u
        chosen.append(i)
        length += _cost(u)
        if u.kind == LIST_ITEM and not count:
            length = _gather(units, chosen, cut, length, budget, i)
    if overflow_share is not None:
        _overflow(units, probs, vectors, order, chosen, cut, length, max_units, overflow_budget,
                  overflow_floor(float(probs[order[0]]), add_min_prob, add_min_share, overflow_share))
    picked = [cut.get(i, units[i]) for i in chosen]
    first: dict[int, int] = {}
    for n, u in enumerate(picked):
        first.setdefault(u.passage, n)
    # A table row or list item that is the best unit leads even inside its passage: rows are records
    # of their own ("Who is the sponsor in Northtown?" opens with Northtown's row, not the row above
    # it). Sentences keep their written order, which their "This" and "However" read in; so do the
    # items of a counted list.
    best = picked[0]
    lead = best if best.kind == TABLE_ROW or (best.kind == LIST_ITEM and not count) else None
    return sorted(picked, key=lambda u: (u is not lead, first[u.passage], u.start))


def _overflow(
    units: list[Unit], probs: np.ndarray, vectors: np.ndarray, order: list[int], chosen: list[int],
    cut: dict[int, Unit], length: int, max_units: int, overflow_budget: int, floor: float,
) -> None:
    """Add to `chosen`, in order of probability, the units at or above `floor` that say something new
    and fit in `overflow_budget` whole: the second pass, after the budget is spent. It only adds, so
    an answer holds all it held within the budget."""
    for i in order[1:]:
        if len(chosen) >= max_units or probs[i] < floor:
            return
        u = units[i]
        if i in chosen or length + _cost(u) > overflow_budget:
            continue
        if any(_says_again(u, vectors[i], cut.get(j, units[j]), vectors[j]) for j in chosen):
            continue
        chosen.append(i)
        length += _cost(u)


def join_floor(best: float, add_min_prob: float, add_min_share: float) -> float:
    """The probability a further unit needs to join an answer whose best unit has `best`: a floor
    relative to the best as well as an absolute one. After a best unit at P 0.8 a unit at P 0.1 is
    seldom evidence; after a best unit at P 0.2 it may be the best there is."""
    return max(add_min_prob, add_min_share * best)


def overflow_floor(best: float, add_min_prob: float, add_min_share: float, overflow_share: float) -> float:
    """The probability a unit needs to take an answer whose best unit has `best` past the budget:
    the join floor, and `overflow_share` of the best."""
    return max(join_floor(best, add_min_prob, add_min_share), overflow_share * best)


def _extended(chosen: Unit, unit: Unit) -> Unit | None:
    """`chosen` (a sentence or pair) with the sentence that `unit`, a pair overlapping its end, adds
    after it: "Health literacy is also a health inequality issue." + "There is a close link between
    socio-economic deprivation and low health literacy." goes on from the pair that ends with the
    first, and says why."""
    prose = (SENTENCE, PAIR)
    if chosen.kind not in prose or unit.kind not in prose or chosen.passage != unit.passage:
        return None
    if not chosen.start < unit.start < chosen.end < unit.end:
        return None
    text = chosen.text[: unit.start - chosen.start] + unit.text
    return Unit(chosen.passage, chosen.start, unit.end, PAIR, text, lead=max(1, text.count(BLOCK_SEPARATOR)))


def _gather(units: list[Unit], chosen: list[int], cut: dict[int, Unit], length: int, budget: int, item: int) -> int:
    """Two or more chosen items of one list are quoted as that list, with its lead-in, when it fits
    in their place: "Other resources we used: A; B; C; D" rather than four quotes, which also took
    four of the answer's units and left a fifth item out. Returns the answer's new length."""
    u = units[item]
    lists = sorted((k for k, w in enumerate(units) if w.kind == LIST and not w.labels and k not in chosen
                    and w.passage == u.passage and w.start <= u.start and u.end <= w.end),
                   key=lambda k: units[k].end - units[k].start)
    for k in lists:
        whole = units[k]
        inside = _chosen_items_in(whole, units, chosen, cut)
        if inside is None or len(inside) < 2:
            continue
        new_length = length - sum(_cost(units[j]) for j in inside) + _cost(whole)
        if new_length <= budget:
            at = chosen.index(inside[0])
            chosen[:] = [j for j in chosen if j not in inside]
            chosen.insert(at, k)
            return new_length
    return length


def _item_to_list(units: list[Unit], chosen: list[int], cut: dict[int, Unit], length: int, budget: int,
                  k: int) -> int | None:
    """The list `units[k]`, which scores what a unit must to join the answer, in the place of the one
    chosen item it holds, when it fits there and overlaps no other chosen unit: "What did not work so
    well?" had quoted the item that says so in the question's words ("Taskforces did not always work
    well together") and left out its list of the other weaknesses as a repeat of it. Returns the
    answer's new length, or None."""
    whole = units[k]
    inside = _chosen_items_in(whole, units, chosen, cut)
    if inside is None or len(inside) != 1:
        return None
    new_length = length - _cost(units[inside[0]]) + _cost(whole)
    if new_length > budget:
        return None
    chosen[chosen.index(inside[0])] = k
    return new_length


def _chosen_items_in(whole: Unit, units: list[Unit], chosen: list[int], cut: dict[int, Unit]) -> list[int] | None:
    """The chosen items (quoted whole) that the list `whole` holds, which it may quote in their place;
    None when it overlaps another chosen unit, which it would quote again."""
    inside = [j for j in chosen if j not in cut and units[j].kind in _IN_A_LIST and units[j].passage == whole.passage
              and whole.start <= units[j].start and units[j].end <= whole.end]
    if any(j not in inside and _overlaps(whole, cut.get(j, units[j])) for j in chosen):
        return None
    return inside


# What a list quotes in the place of the chosen units it holds: its items, and its lead-in sentences
# ("Staff should contact any relevant organisations involved." had been quoted without the examples
# its list gives: "Examples may include: City of Sanctuary; ...").
_IN_A_LIST = (LIST_ITEM, SENTENCE, PAIR)
MIN_PREFIX_ITEMS = 2
OMITTED = "; …"  # how a list quoted in part says so (`claim_text`)


def _abridged(unit: Unit, room: int) -> Unit | None:
    """A list too long for `room`, quoted by its lead-in and its items' labels when they fit."""
    return unit.abridged if unit.abridged is not None and _cost(unit.abridged) <= room else None


def _prefix(unit: Unit, room: int) -> Unit | None:
    """A list or table row that does not fit, quoted by as many of its first parts as fit in `room`
    characters (at least MIN_PREFIX_ITEMS): a list with its lead-in and first items (an answer's
    second source is often a list, and its first items are worth more than none), a row by its first
    cells, which name what it is about ("Greater Manchester | BRIT - Using data to tackle antibiotic
    resistance | ...": its long last cells had kept the whole row out)."""
    if unit.kind == LIST and not unit.pieces:  # an outline's parts are quoted where each passage has them
        return _first_parts(unit, BLOCK_SEPARATOR, unit.lead + MIN_PREFIX_ITEMS, room)
    if unit.kind == TABLE_ROW:
        return _first_parts(unit, CELL_SEPARATOR, MIN_PREFIX_ITEMS, room)
    return None


def _first_parts(unit: Unit, separator: str, least: int, room: int) -> Unit | None:
    """`unit` cut to the most of its first `separator`-parted parts (`least` at least) that fit in
    `room`, saying how many it leaves out."""
    parts = unit.text.split(separator)
    for n in range(len(parts) - 1, least - 1, -1):
        text = separator.join(parts[:n])
        prefix = replace(unit, end=unit.start + len(text), text=text, omitted=len(parts) - n)
        if _cost(prefix) <= room:
            return prefix
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _repeats(a: Unit, b: Unit) -> bool:
    """Most of one unit's words are in the other: the same fact again (web pages repeat
    themselves, and a pair holds the sentence it is made of). Two rows of a table that give other
    figures are two facts, though they share most words (`_other_figures`): a rates table's "died
    before September 11, 2001 | $1,500" had been left out as a repeat of "on or after ... | $2,000"."""
    wa, wb = _words(a.plain), _words(b.plain)
    if not (wa and wb) or len(wa & wb) < REPEATED_WORDS * min(len(wa), len(wb)):
        return False
    # The shorter one giving a figure the other does not says something new: the row "Equality Impact
    # Assessment | 145" under a sentence naming the assessment, "15% of pensioners were living in
    # relative poverty ..." beside "21% of working-age adults were ...". Both had been left out.
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if _figures(shorter) - longer:
        return False
    return not _other_figures(a, b)


def _figures(words: set[str]) -> set[str]:
    return {w for w in words if any(c.isdigit() for c in w)}


def _other_figures(a: Unit, b: Unit) -> bool:
    """Two table rows that give other figures ("12 to 13 | Year 8" and "13 to 14 | Year 9"): two facts,
    though their words and their vectors nearly match (cosine 0.96)."""
    if not a.kind == b.kind == TABLE_ROW:
        return False
    figures = [_figures(_words(u.plain)) for u in (a, b)]
    return figures[0] != figures[1]


@lru_cache(maxsize=4096)  # a unit is costed at each step of `compose`; its claim splits into sentences once
def _cost(unit: Unit) -> int:
    """The characters the unit takes in the answer, as `verify` writes it: its claim (`claim_text`),
    a citation marker in each of its sentences, and the space before it. The budget bounds what a
    reader sees: costed by its quoted text and one marker, answers of two-sentence units ran up to
    about 460 characters within a budget of 450."""
    claim = claim_text(unit)
    # Only a stop before the claim's end can start another sentence; splitting (pysbd) is most of
    # the cost of an answer, and two claims in three have no such stop.
    sentences = len(sentence_spans(claim)) if _INNER_STOP.search(claim) else 1
    return len(claim) + MARKER_CHARS * max(1, sentences) + 1


def claim_text(unit: Unit) -> str:
    """How a unit reads in an answer: a list as its lead-in and items joined by ';', and a closing
    stop on an item or row, so that it reads as a sentence (the citation keeps the exact quote)."""
    head, items = unit.lead_and_items()
    # A heading or label line leads in ("Culture and Recreation: Data on ..."); a sentence that a page
    # left without its full stop ends with one, not a colon: "... and Westford. Two more towns ...".
    stop = "." if unit.kind == PAIR and not is_label(head) else ":"
    lead = head if head.endswith((":", ".", "!", "?", ";")) else f"{head}{stop}"
    # Items lose their full stops and numbers (`Unit.plain`), so the list reads (and is cited) as one
    # sentence, not ". ;" or "; [1] 2. ..." (the citation's quote keeps both, as the source has them);
    # an item's own closing ";" or "," goes too, or the list read "personal data;; the Royal Arms".
    # An item that leads in to the next ones ("... persecution due to:") is followed by them, not by "; ".
    parts = [item.rstrip(".;,") for item in items]
    listed = "".join(f"{p} " if p.endswith(":") else f"{p}; " for p in parts[:-1]) + parts[-1] if parts else ""
    text = (f"{lead} {listed}" if head else listed) if items else head
    if unit.omitted:  # the first items of a longer list: say that more follow
        return f"{text.rstrip('.')}{OMITTED}"
    return text if text.endswith((".", "!", "?", ":", ";")) else text + "."


def _says_again(a: Unit, a_vector: np.ndarray, b: Unit, b_vector: np.ndarray) -> bool:
    """Whether `a` adds nothing to `b`, already chosen: they quote the same text, point the same way,
    or share most of their words. A unit that quotes only labels (a list's item openings, a table's
    first column) and an item or row it spans say different things: the labels, and the one entry."""
    if any(x.labels and y.kind in (LIST_ITEM, TABLE_ROW) for x, y in ((a, b), (b, a))):
        return _repeats(a, b)
    if _other_figures(a, b):  # rows of one table point the same way, whatever their figures say
        return _overlaps(a, b)
    return _overlaps(a, b) or float(a_vector @ b_vector) > REDUNDANT or _repeats(a, b)


def _overlaps(a: Unit, b: Unit) -> bool:
    return a.passage == b.passage and a.start < b.end and b.start < a.end
