#!/usr/bin/env python3
"""Checks what `Sources/Canvas/Text+Composition.swift` relies on: in each bundled font, the
`ccmp` (glyph composition) feature changes nothing in a text without marks, so such a text may
be shaped with `ccmp` off.

For every `ccmp` lookup of every face, each rule must need at least one "trigger" glyph: a mark
(GDEF class 3), a glyph whose characters are all marks (Mn, Mc, Me) or private use (Co), or a
glyph no character maps to (reachable only through a substitution). And no lookup that HarfBuzz
applies by default may run before the last `ccmp` lookup (lookups of one stage run in index
order), so that nothing else can bring a trigger glyph in first.

Run by `make test` (fontTools from PyPI, installed into .build/python by scripts/install-deps.sh).
Usage: scripts/check-font-composition.py [FONT_DIR]   (default: fonts/). Exits 1 on a rule that
a text without marks could trigger, 0 otherwise.
"""
import glob
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build", "python"))
from fontTools.ttLib import TTFont  # noqa: E402

# Features HarfBuzz turns on by itself for horizontal Latin text (hb-ot-shape.cc), GSUB side.
DEFAULT_GSUB_FEATURES = {"rvrn", "ltra", "ltrm", "frac", "numr", "dnom", "rand", "ccmp", "locl", "rlig",
                         "calt", "clig", "liga", "rclt", "abvm", "blwm"}


def triggers(font):
    """A predicate: whether a glyph can only be in a buffer that holds a mark."""
    gdef = font["GDEF"].table
    classes = gdef.GlyphClassDef.classDefs if gdef.GlyphClassDef else {}
    characters = {}
    for code, glyph in font.getBestCmap().items():
        characters.setdefault(glyph, []).append(code)

    def is_trigger(glyph):
        if classes.get(glyph) == 3 or glyph not in characters:
            return True
        return all(unicodedata.category(chr(c))[0] == "M" or unicodedata.category(chr(c)) == "Co"
                   for c in characters[glyph])
    return is_trigger


def class_members(class_defs, number):
    return [g for g, c in class_defs.items() if c == number]


def untriggered_rules(table, lookup_type, is_trigger):
    """The rules of one subtable that a sequence without trigger glyphs could match."""
    def all_triggers(glyphs):
        return len(glyphs) > 0 and all(is_trigger(g) for g in glyphs)
    found = []
    if lookup_type == 1 or lookup_type == 2 or lookup_type == 3:
        found += [g for g in (getattr(table, "mapping", None) or getattr(table, "alternates", {})) if not is_trigger(g)]
    elif lookup_type == 4:
        for first, ligatures in table.ligatures.items():
            found += [(first, l.Component) for l in ligatures if not is_trigger(first) and not any(map(is_trigger, l.Component))]
    elif lookup_type in (5, 6) and table.Format == 3:
        coverages = (table.Coverage if lookup_type == 5 else
                     table.InputCoverage + table.LookAheadCoverage + table.BacktrackCoverage)
        if not any(all_triggers(c.glyphs) for c in coverages):
            found.append("format 3 rule")
    elif lookup_type in (5, 6) and table.Format == 2:
        if lookup_type == 5:
            sets, defs, rule_name = table.SubClassSet, [table.ClassDef.classDefs], "SubClassRule"
        else:
            sets = table.ChainSubClassSet
            defs = [d.classDefs if d else {} for d in (table.InputClassDef, table.LookAheadClassDef, table.BacktrackClassDef)]
            rule_name = "ChainSubClassRule"
        for first_class, rules in enumerate(sets or []):
            if rules is None:
                continue
            firsts = [g for g in table.Coverage.glyphs if defs[0].get(g, 0) == first_class]
            for rule in getattr(rules, rule_name):
                sequences = [rule.Class] if lookup_type == 5 else [rule.Input, rule.LookAhead, rule.Backtrack]
                needs = all_triggers(firsts) or any(
                    number != 0 and all_triggers(class_members(defs[k], number))
                    for k, sequence in enumerate(sequences) for number in sequence)
                if not needs:
                    found.append(("class rule", first_class))
    elif lookup_type == 5 and table.Format == 1:
        for first, rules in zip(table.Coverage.glyphs, table.SubRuleSet):
            found += [(first, r.Input) for r in rules.SubRule if not is_trigger(first) and not any(map(is_trigger, r.Input))]
    else:
        found.append(f"lookup type {lookup_type} format {getattr(table, 'Format', '?')} not understood")
    return found


def check(path):
    font = TTFont(path)
    gsub = font["GSUB"].table
    is_trigger = triggers(font)
    features = {}
    for record in gsub.FeatureList.FeatureRecord:
        for index in record.Feature.LookupListIndex:
            features.setdefault(index, set()).add(record.FeatureTag)
    composition = sorted(i for i, tags in features.items() if "ccmp" in tags)
    problems = []
    for index in composition:
        lookup = gsub.LookupList.Lookup[index]
        for subtable in lookup.SubTable:
            table, kind = (subtable.ExtSubTable, subtable.ExtSubTable.LookupType) if lookup.LookupType == 7 else (subtable, lookup.LookupType)
            problems += [(index, rule) for rule in untriggered_rules(table, kind, is_trigger)]
    for index in range(max(composition, default=0)):
        others = features.get(index, set()) - {"ccmp"}
        if others & DEFAULT_GSUB_FEATURES:
            problems.append((index, f"a default lookup ({', '.join(sorted(others))}) runs before ccmp's last"))
    return composition, problems


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fonts")
    failed = False
    for path in sorted(glob.glob(os.path.join(folder, "*.otf")) + glob.glob(os.path.join(folder, "*.ttf"))):
        composition, problems = check(path)
        if problems:
            failed = True
            print(f"check-font-composition: {os.path.basename(path)}: ccmp rules a text without marks could trigger: {problems[:5]}")
        else:
            print(f"check-font-composition: {os.path.basename(path)}: ccmp ({len(composition)} lookups) needs a mark in every rule")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
