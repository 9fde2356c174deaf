#!/usr/bin/env python3
"""Standalone sanity check for the IC Assistant gold evaluation set.

Loads every corpus document independently of the system code, applies the
agreed text normalisation and checks evals/qa.jsonl:

* ids unique, every field present and valid;
* every gold_passage occurs in its first source (for PDFs, on the stated page);
* every key-fact phrasing occurs in at least one listed source
  (case-insensitive), so every fact has at least one matching phrasing;
* unanswerable items have no sources / key facts / passage / page;
* prints counts per type and split; exits non-zero on any problem.

It also checks a dev-only supplement such as evals/dev_extra_programme.jsonl (every row
"split": "dev"; ids pNNN answerable, pfNN follow-up, puNN unanswerable). For a supplement the
gold set's size and dev/test balance requirements do not apply; instead its ids must not occur
in evals/qa.jsonl and its questions must not repeat a dev question there (only dev rows of
qa.jsonl are compared; test rows are not read beyond their id).

Normalisation (mirrors the system's cleaning):
  curly quotes -> straight; en/em dashes -> '-'; a word hyphenated across a
  PDF line break is rejoined without the hyphen; all whitespace runs -> ' '.
HTML: text of <main> (or <body> without nav/footer/script/style), block
elements separated by whitespace. Markdown: raw text with '#', '*', '_' and
list dashes at line start stripped.

Usage: python evals/check_gold.py [path/to/qa.jsonl | path/to/dev_supplement.jsonl] [--dump]
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
DEFAULT_QA = HERE / "qa.jsonl"

TYPES = {
    "factoid", "list", "date", "person", "number", "why_how", "paraphrase",
    "followup", "unanswerable_offtopic", "unanswerable_hard",
}
UNANSWERABLE_TYPES = {"unanswerable_offtopic", "unanswerable_hard"}
FIELDS = {
    "id", "question", "history", "type", "answerable", "key_facts", "sources",
    "page", "gold_passage", "split",
}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})


def normalise(text: str, rejoin_hyphens: bool = False) -> str:
    text = text.translate(_QUOTES)
    if rejoin_hyphens:
        # "wrap-\naround" -> "wraparound"
        text = re.sub(r"(\w)-[ \t]*\r?\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def id_problem(iid: str, answerable: object, typ: object) -> str | None:
    """None when the id has the right form for the row's kind; otherwise what is wrong."""
    if re.fullmatch(r"[au]\d{3}", iid):  # the gold set (evals/qa.jsonl)
        return None if (iid[0] == "a") == bool(answerable) else "id must be aNNN for answerable, uNNN for unanswerable"
    if re.fullmatch(r"p\d{3}|pf\d{2}|pu\d{2}", iid):  # dev supplement (evals/dev_extra_programme.jsonl)
        want = "pu" if not answerable else "pf" if typ == "followup" else "p"
        return None if re.fullmatch(want + r"\d+", iid) else (
            "supplement id must be pNNN for answerable, pfNN for follow-up, puNN for unanswerable")
    return "id must be aNNN for answerable, uNNN for unanswerable (or pNNN/pfNN/puNN in a dev supplement)"


def load_pdf(path: Path) -> list[str]:
    import pypdf
    reader = pypdf.PdfReader(str(path))
    return [normalise(p.extract_text() or "", rejoin_hyphens=True) for p in reader.pages]


def load_html(path: Path) -> str:
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    root = soup.find("main")
    if root is None:
        root = soup.body or soup
        for tag in root.find_all(["nav", "footer", "script", "style"]):
            tag.decompose()
    for tag in root.find_all(["script", "style"]):
        tag.decompose()
    return normalise(root.get_text(" "))


def load_md(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*[-+]\s+", "", line)  # list dashes at line start
        line = re.sub(r"[#*_]", "", line)          # markdown markup characters
        lines.append(line)
    return normalise("\n".join(lines))


def load_corpus() -> dict[str, list[str]]:
    """file name -> list of page texts (one element for non-PDF documents)."""
    docs: dict[str, list[str]] = {}
    for path in sorted(CORPUS.iterdir()):
        suf = path.suffix.lower()
        if suf == ".pdf":
            docs[path.name] = load_pdf(path)
        elif suf in (".html", ".htm"):
            docs[path.name] = [load_html(path)]
        elif suf == ".md":
            docs[path.name] = [load_md(path)]
    return docs


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    qa_path = Path(args[0]) if args else DEFAULT_QA
    docs = load_corpus()
    if "--dump" in argv:
        for name, pages in docs.items():
            for i, t in enumerate(pages, 1):
                print(f"===== {name} [{i}]\n{t}\n")
        return 0

    problems: list[str] = []
    items = []
    for n, line in enumerate(qa_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: invalid JSON ({e})")

    seen: set[str] = set()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    src_counts: collections.Counter = collections.Counter()
    pdf_pages: collections.Counter = collections.Counter()

    for it in items:
        iid = it.get("id", "?")

        def bad(msg: str) -> None:
            problems.append(f"{iid}: {msg}")

        if set(it) != FIELDS:
            bad(f"fields differ: missing {sorted(FIELDS - set(it))}, extra {sorted(set(it) - FIELDS)}")
            continue
        if iid in seen:
            bad("duplicate id")
        seen.add(iid)
        typ, ans = it["type"], it["answerable"]
        if typ not in TYPES:
            bad(f"bad type {typ!r}")
        if not isinstance(ans, bool):
            bad("answerable must be bool")
        if ans == (typ in UNANSWERABLE_TYPES):
            bad("answerable flag inconsistent with type")
        id_msg = id_problem(iid, ans, typ)
        if id_msg:
            bad(id_msg)
        if not isinstance(it["question"], str) or not it["question"].strip():
            bad("empty question")
        if not isinstance(it["history"], list) or not all(isinstance(h, str) and h.strip() for h in it["history"]):
            bad("history must be a list of non-empty strings")
        if (typ == "followup") != bool(it["history"]):
            bad("history must be non-empty exactly for followup items")
        if it["split"] not in ("dev", "test"):
            bad(f"bad split {it['split']!r}")
        counts[typ][it["split"]] += 1

        if not ans:
            if it["key_facts"] or it["sources"] or it["page"] is not None or it["gold_passage"] is not None:
                bad("unanswerable item must have empty key_facts/sources and null page/gold_passage")
            continue

        # --- answerable checks ---
        sources = it["sources"]
        if not sources or not isinstance(sources, list):
            bad("no sources")
            continue
        if len(set(sources)) != len(sources):
            bad("duplicate source")
        missing = [s for s in sources if s not in docs]
        if missing:
            bad(f"unknown sources {missing}")
            continue
        for s in sources:
            src_counts[s] += 1
        first = sources[0]
        first_is_pdf = first.lower().endswith(".pdf")
        page = it["page"]
        if first_is_pdf:
            if not isinstance(page, int) or not (1 <= page <= len(docs[first])):
                bad(f"PDF first source needs a valid page, got {page!r}")
                continue
            pdf_pages[page] += 1
        elif page is not None:
            bad("page must be null when first source is not a PDF")

        gp = it["gold_passage"]
        if not isinstance(gp, str) or not gp.strip():
            bad("missing gold_passage")
        else:
            if gp != normalise(gp):
                bad("gold_passage is not in normalised form")
            nwords = len(gp.split())
            if not 3 <= nwords <= 30:
                bad(f"gold_passage has {nwords} words (want ~5-25; 3 allowed for very short source text)")
            hay = docs[first][page - 1] if first_is_pdf else docs[first][0]
            if gp.lower() not in hay.lower():
                where = f"page {page} of " if first_is_pdf else ""
                bad(f"gold_passage not found in {where}{first}: {gp!r}")

        kf = it["key_facts"]
        if not isinstance(kf, list) or not kf:
            bad("answerable item needs key_facts")
            continue
        all_text = " ".join(" ".join(docs[s]) for s in sources).lower()
        for fact in kf:
            if not isinstance(fact, list) or not fact or not all(isinstance(p, str) and p.strip() for p in fact):
                bad(f"bad key fact {fact!r}")
                continue
            if not any(normalise(p).lower() in all_text for p in fact):
                bad(f"no phrasing of key fact {fact!r} occurs in listed sources")
            for p in fact:
                if normalise(p).lower() not in all_text:
                    bad(f"phrasing {p!r} does not occur in any listed source")
                if len(p.split()) > 6:
                    bad(f"phrasing {p!r} is long ({len(p.split())} words)")

    # --- summary ---
    print(f"{len(items)} items in {qa_path}")
    print(f"{'type':24s} {'dev':>4s} {'test':>5s} {'total':>6s} {'dev%':>5s}")
    tot = collections.Counter()
    for typ in sorted(TYPES):
        c = counts.get(typ, collections.Counter())
        n = c["dev"] + c["test"]
        tot.update(c)
        pct = f"{100 * c['dev'] / n:.0f}" if n else "-"
        print(f"{typ:24s} {c['dev']:4d} {c['test']:5d} {n:6d} {pct:>5s}")
    print(f"{'TOTAL':24s} {tot['dev']:4d} {tot['test']:5d} {tot['dev'] + tot['test']:6d}")
    n_ans = sum(1 for it in items if it.get("answerable") is True)
    n_off = sum(counts["unanswerable_offtopic"].values())
    n_hard = sum(counts["unanswerable_hard"].values())
    print(f"answerable: {n_ans}  unanswerable: {n_off + n_hard} (offtopic {n_off}, hard {n_hard})")
    print("items citing each source:", dict(sorted(src_counts.items())))
    print("PDF items per page (first source):", dict(sorted(pdf_pages.items())))

    supplement = bool(items) and all(it.get("split") == "dev" for it in items)
    if supplement:
        # A dev-only supplement: the gold set's size and balance rules do not apply, but it must not
        # collide with the gold set. Only the ids of every gold row and the questions of dev rows are used.
        print("dev-only supplement: checked against evals/qa.jsonl ids and dev questions")
        gold = [json.loads(line) for line in DEFAULT_QA.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold_ids = {g["id"] for g in gold}
        dev_questions = {normalise(g["question"]).lower() for g in gold if g["split"] == "dev"}
        for it in items:
            if it.get("id") in gold_ids:
                problems.append(f"{it.get('id')}: id also used in {DEFAULT_QA.name}")
            if normalise(str(it.get("question", ""))).lower() in dev_questions:
                problems.append(f"{it.get('id')}: question repeats a dev question of {DEFAULT_QA.name}")
    # global requirements (the gold set only)
    if not supplement:
        if n_ans < 85:
            problems.append(f"only {n_ans} answerable items (need >= 85)")
        if n_off + n_hard < 28:
            problems.append(f"only {n_off + n_hard} unanswerable items (need >= 28)")
        if sum(counts["followup"].values()) < 10:
            problems.append("fewer than 10 followup items")
        for name in docs:
            if src_counts[name] == 0:
                problems.append(f"no item uses {name}")
        for typ, c in counts.items():
            n = c["dev"] + c["test"]
            if n >= 3 and not (0.25 <= c["dev"] / n <= 0.55):
                problems.append(f"type {typ}: dev share {c['dev']}/{n} is unbalanced")

    if problems:
        print(f"\n{len(problems)} PROBLEM(S):")
        for p in problems:
            print("  -", p)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
