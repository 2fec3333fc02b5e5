#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Synthetic UN-style corpus for Dossier's benchmarks.

    gen-corpus.py [--count N] [--seed S] [--source DIR] OUT

Writes N documents (default 10,000, about 10 kB each, so about 100 MB) to OUT,
in sub-folders of 500. The same seed always gives the same files, byte for byte.

The documents are made from the bundled corpus: its sentences are the
vocabulary, its structure (masthead with symbol, date and body; a title;
numbered paragraphs under Roman and lettered headings; notes with superscript
markers) is the template, and the organisations, resolutions and instruments
it names are mentioned again, old names and new (CICP and UNODC, the
Trafficking Protocol under its several names), with symbols and dates spread
over 1995-2025. One document in forty is plain text rather than Markdown, and
one in a hundred is long (several hundred paragraphs). --paragraphs makes
documents of exactly that many paragraphs (for the long-document benchmark).
"""

import argparse
import os
import random
import re
import sys

BODIES = [
    ("Commission on Human Rights", "E/CN.4"),
    ("Commission on the Status of Women", "E/CN.6"),
    ("Commission on Crime Prevention and Criminal Justice", "E/CN.15"),
    ("General Assembly", "A"),
    ("Human Rights Council", "A/HRC"),
    ("Economic and Social Council", "E"),
    ("Conference of the Parties to the United Nations Convention against "
     "Transnational Organized Crime", "CTOC/COP"),
]

KINDS = [
    "Report of the Secretary-General",
    "Note by the Secretary-General",
    "Note by the Secretariat",
    "Report of the Special Rapporteur",
    "Chairs' summary",
    "Concept paper",
    "Aide-memoire",
]

# Names a reader of the field meets everywhere; former names and variants on
# purpose, so that the extractor's alias handling is exercised at scale.
MENTIONS = [
    "the United Nations Office on Drugs and Crime (UNODC)",
    "the Centre for International Crime Prevention (CICP)",
    "the Office for Drug Control and Crime Prevention",
    "the Office of the United Nations High Commissioner for Human Rights (OHCHR)",
    "the Office of the United Nations High Commissioner for Refugees",
    "the International Organization for Migration (IOM)",
    "the International Labour Organization",
    "the United Nations Children's Fund (UNICEF)",
    "the United Nations Development Fund for Women (UNIFEM)",
    "the Division for the Advancement of Women",
    "the Organization for Security and Co-operation in Europe (OSCE)",
    "the Council of Europe",
    "the European Union",
    "the Stability Pact Task Force on Trafficking in Human Beings",
    "the Global Initiative to Fight Human Trafficking (UN.GIFT)",
    "the Inter-Agency Coordination Group against Trafficking in Persons",
    "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
    "Especially Women and Children",
    "the Trafficking Protocol",
    "the Palermo Protocol",
    "the United Nations Convention against Transnational Organized Crime",
    "the Convention on the Elimination of All Forms of Discrimination against Women",
    "the Special Rapporteur on violence against women, its causes and consequences",
    "the Special Rapporteur on trafficking in persons, especially women and children",
    "the Group of Experts on Action against Trafficking in Human Beings (GRETA)",
    "the United Nations Population Fund",
    "the United Nations Interregional Crime and Justice Research Institute",
    "the World Health Organization",
    "the Association of Southeast Asian Nations",
    "the Southern African Development Community",
    "the Economic Community of West African States",
]

COUNTRIES = [
    "Albania", "Belarus", "Benin", "Brazil", "Cambodia", "Colombia", "Egypt",
    "Germany", "Ghana", "India", "Italy", "Japan", "Mexico", "Nepal", "Nigeria",
    "Philippines", "Republic of Moldova", "Romania", "Russian Federation",
    "Thailand", "Ukraine", "United States of America", "Viet Nam",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

ORDINALS = ["fiftieth", "fifty-first", "fifty-second", "fifty-third",
            "fifty-fourth", "fifty-fifth", "fifty-sixth", "fifty-seventh",
            "fifty-eighth", "fifty-ninth", "sixtieth", "sixty-first",
            "sixty-second"]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"

HEADING_WORDS = [
    "Introduction", "Activities of United Nations bodies",
    "Activities of other international organizations", "Trends",
    "Prevention", "Protection of victims", "Prosecution",
    "International cooperation", "Technical assistance", "Data and research",
    "Regional initiatives", "Conclusions and recommendations",
]

SENTENCE_RE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")
MARKUP_RE = re.compile(r"[*_<>`#|\\]|\[|\]")


def corpus_sentences(source):
    """Every sentence of the bundled documents' running text."""
    sentences = []
    for name in sorted(os.listdir(source)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(source, name), encoding="utf-8") as f:
            for para in f.read().split("\n\n"):
                para = " ".join(para.split())
                para = re.sub(r"^\d+\.\s+", "", para)
                para = MARKUP_RE.sub("", para)
                for s in SENTENCE_RE.split(para):
                    if 60 <= len(s) <= 400 and s[-1] in ".;" and s[0].isupper():
                        sentences.append(s)
    if not sentences:
        sys.exit(f"gen-corpus: no sentences found in {source}")
    return sentences


def resolution(rng, year):
    kind = rng.random()
    if kind < 0.5:
        session = max(50, min(80, year - 1945))
        return f"General Assembly resolution {session}/{rng.randint(1, 260)}"
    if kind < 0.8:
        return f"Commission on Human Rights resolution {year}/{rng.randint(1, 90)}"
    return f"Economic and Social Council resolution {year}/{rng.randint(1, 60)}"


def paragraph(rng, sentences, year, notes):
    parts = []
    for _ in range(rng.randint(2, 4)):
        s = rng.choice(sentences)
        r = rng.random()
        if r < 0.35:
            s = s[:-1] + f", in cooperation with {rng.choice(MENTIONS)}."
        elif r < 0.55:
            s = s[:-1] + f" (see {resolution(rng, year)})."
        elif r < 0.65:
            s = s[:-1] + f", notably in {rng.choice(COUNTRIES)}."
        parts.append(s)
    text = " ".join(parts)
    if rng.random() < 0.15 and len(notes) < len(SUPERSCRIPTS):
        notes.append(f"See {rng.choice(BODIES)[1]}/{year}/{rng.randint(1, 99)}.")
        text += SUPERSCRIPTS[len(notes) - 1]
    return text


def document(rng, sentences, index, paragraphs=0):
    body, prefix = rng.choice(BODIES)
    year = rng.randint(1995, 2025)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    symbol = f"{prefix}/{year}/{rng.randint(1, 120)}"
    if rng.random() < 0.2:
        symbol += f"/Add.{rng.randint(1, 3)}"
    kind = rng.choice(KINDS)
    session = rng.choice(ORDINALS)
    country = rng.choice(COUNTRIES)
    title = rng.choice([
        "Traffic in women and girls",
        "Trafficking in persons, especially women and children",
        f"Cooperation against trafficking in persons: {country}",
        "Violence against women migrant workers",
        "Strengthening the coordination of efforts against trafficking in persons",
    ])
    long_doc = index % 100 == 99
    n_sections = rng.randint(8, 10) if long_doc else rng.randint(2, 3)
    per_section = (30, 45) if long_doc else (3, 4)
    if paragraphs:
        n_sections = 10
        per_section = (paragraphs // 10, paragraphs // 10)

    lines = ["**United Nations**", "", f"**{body}**", "", "Distr.: General",
             f"{day} {MONTHS[month - 1]} {year}", "", "Original: English", "",
             symbol, "", f"{session.capitalize()} session", "",
             f"**{title}**", "", kind, ""]
    notes = []
    number = 1
    for s in range(n_sections):
        lines += [f"{ROMAN[s]}. {rng.choice(HEADING_WORDS)}", ""]
        lettered = rng.random() < 0.4 and not paragraphs
        for sub in range(2 if lettered else 1):
            if lettered:
                lines += [f"{'AB'[sub]}. {rng.choice(HEADING_WORDS)}", ""]
            for _ in range(rng.randint(*per_section)):
                lines += [f"{number}. {paragraph(rng, sentences, year, notes)}", ""]
                number += 1
    if notes:
        lines += ["Notes", ""]
        for i, note in enumerate(notes):
            lines += [f"{SUPERSCRIPTS[i]} {note}", ""]
    return symbol, "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--paragraphs", type=int, default=0,
                    help="give every document exactly this many numbered paragraphs "
                         "(a multiple of 10)")
    ap.add_argument("--source", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "corpus"))
    ap.add_argument("out")
    args = ap.parse_args()

    sentences = corpus_sentences(args.source)
    rng = random.Random(args.seed)
    total = 0
    for i in range(args.count):
        symbol, text = document(rng, sentences, i, args.paragraphs)
        folder = os.path.join(args.out, f"{i // 500:03d}")
        os.makedirs(folder, exist_ok=True)
        plain = i % 40 == 39
        if plain:
            text = text.replace("**", "")
        name = f"{i:05d}-{symbol.replace('/', '-')}.{'txt' if plain else 'md'}"
        data = text.encode("utf-8")
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{args.count} documents, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
