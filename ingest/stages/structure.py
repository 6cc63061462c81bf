"""Who did what to whom, from the dependency tree, the way event coders code it.

The lexicon's trigger names the act; the trained parser's tree of its sentence gives the
roles: the agent is the subject of the trigger's verb, or the "by" phrase of a passive one;
the target its object, the subject of a passive, or the "against / on / to / of" phrase of
an act named by a noun ("a denial order against X", "the addition of X"), with every name
coordinated with it and the names of an "including" list. A noun's agent is its owner
("OFAC's sanctions", "BIS's addition") or the subject of the verb that governs it ("BIS
issued a denial order ..."). Verbs that share a subject ("BIS added X and removed Y"),
participles ("a rule adding X") and relative clauses ("BIS, which added X") take the
subject of the clause they hang from.

The clause also bounds what else belongs to the act: its products and dates are those of
the trigger's own clause, not of a relative clause, a reported speech or a coordinated
clause; a negation ("did not add") is one of the trigger's own words; a name inside a
quotation the trigger is not in is no party of the act; and "46 affiliates of X" are the
affiliates, not X.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tradegraph.ingest.analysis import Reading

SUBJECTS = frozenset({"nsubj", "csubj"})
OBJECTS = frozenset({"dobj", "dative", "oprd"})
VERB_TARGET_PREPS = frozenset({"against", "on", "upon", "to", "including", "targeting"})
NOUN_TARGET_PREPS = VERB_TARGET_PREPS | {"of", "for"}
OTHER_CLAUSES = frozenset({"relcl", "ccomp", "parataxis", "csubj"})
"""Dependents that open a clause of their own: its dates are not the act's (nor are those
of an adverbial clause with a subject or a conjunction of its own: "after X was added in
May"; a purpose clause's are: "to substitute the date of June 1")."""
SPEECH_VERBS = frozenset({"said", "says", "say", "saying", "told", "tells", "stated", "states",
                          "announced", "announces", "confirmed", "confirms", "reported"})
FRAMING_WORDS = SPEECH_VERBS | {
    "sent", "send", "sends", "letter", "letters", "notified", "informed", "wrote", "decided",
    "decides", "intended", "intends", "plans", "planned", "began", "begins", "started",
    "agreed", "voted", "moved"}
"""Words whose clause frames the act of the clause it holds ("sent a letter on Monday
saying it intended to deny ...", "decided on Friday to add ..."): its date is the act's
when the act's own clause has none. A verb that recalls ("noted", "recalled") frames no
act: a recalled act keeps its own date, or none."""
FRAMING_DEPS = frozenset({"xcomp", "ccomp", "acl", "advcl", "dobj", "relcl"})
OWN_SCOPE_EXCLUDED = frozenset({"relcl", "ccomp", "parataxis", "csubj"})
"""Dependents whose products are not the act's (an adverbial clause's are: "..., cutting
it off from U.S. chips")."""
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
NOUN_CLIMB = frozenset({"dobj", "pobj", "prep", "conj", "appos", "attr", "npadvmod",
                        "compound", "nsubjpass", "nsubj", "pcomp", "acl"})
CLIMB_LIMIT = 4
QUOTE_OPEN = frozenset({"“", "``", '"', "‘"})
QUOTE_CLOSE = frozenset({"”", "''", '"', "’"})
MIN_QUOTATION = 5
"""Tokens of a quotation that is speech, not a quoted name ("``Huawei Cloud Brazil''")."""


@dataclass
class Predicate:
    """What the tree says about one trigger (document token indices)."""

    anchor: int
    clause: int
    passive: bool
    negated: bool
    subject: set[int] | None
    """Tokens of the agent's phrase; None when the tree names none."""
    objects: set[int] | None
    """Tokens of the targets' phrases; None when the tree names none."""
    purposes: set[int] = field(default_factory=set)
    """Tokens of the objects of a purpose or manner clause ("amended the rule to target
    X") and of clauses describing the object ("laws that restrict X"): where the targets
    are when the object names none."""
    owner: set[int] = field(default_factory=set)
    """Tokens of a noun trigger's possessor: its agent ("OFAC's sanctions") or its target
    ("Huawei's license"), as the possessor's type allows."""
    clause_tokens: set[int] = field(default_factory=set)
    """The trigger's own clause, without the clauses it holds (for dates)."""
    report_tokens: set[int] = field(default_factory=set)
    """The clause of the speech verb that reports the trigger's clause ("..., officials
    said on Wednesday"): its dates date the act when the act's own clause has none."""
    verbal: bool = False
    """The trigger is a verb (not a noun naming the act)."""
    modifiers: set[int] = field(default_factory=set)
    """Tokens that modify a noun ("Russia" in "these Russia measures"): a country there
    qualifies a thing, it does not act."""
    scope: set[int] = field(default_factory=set)
    """The trigger's clause with its adverbial clauses (for products)."""
    not_parties: set[int] = field(default_factory=set)
    """Names that are no party of the act: in a quotation the trigger is not in, or the
    owner of parties the act counts ("affiliates of X")."""


def predicate_of(reading: Reading, start: int, end: int,
                 related_nouns: frozenset[str]) -> Predicate | None:
    """The predicate of the trigger on document tokens [start, end) of a parsed reading."""
    tree = reading.tree
    assert tree is not None
    span = tree.doc[tree.start + start - reading.offset:tree.start + end - reading.offset]
    if len(span) == 0 or not tree.root.tag_.startswith("VB"):
        return None  # a heading, a fragment, or a parse gone wrong: position reads it
    # a verb of the trigger that heads a clause: not "produced" in "foreign-produced"
    verbs = [t for t in span if t.tag_.startswith("VB")
             and t.dep_ not in ("aux", "auxpass", "amod", "compound", "nmod")]
    anchor = verbs[0] if verbs else span.root
    if verbs:
        verb: Token | None = anchor
        noun = None
    else:
        noun = anchor
        while noun.dep_ == "compound" and noun.head is not noun:
            noun = noun.head
        verb = _governing_verb(noun)
    clause = verb if verb is not None else anchor
    if noun is None and anchor.dep_ == "acl":
        # "I signed an order denying X's privileges": the order's clause dates the act
        clause = _governing_verb(anchor.head) or clause
    # the voice of the verb a noun hangs from says nothing of the noun's roles
    passive = noun is None and verb is not None and _passive(verb)
    subject = _subject(verb, noun, verb is not None and _passive(verb))
    objects = _objects(verb, noun, passive)
    excluded = _owners_of_counted(objects, related_nouns) | _quoted(reading, anchor)
    return Predicate(
        anchor=reading.index(anchor),
        clause=reading.index(clause),
        passive=passive,
        negated=_negated(verb, noun),
        subject=_indices(reading, subject),
        owner=_indices(reading, _owner(noun)) or set(),
        objects=_indices(reading, objects),
        purposes=_indices(reading, _purposes(verb if noun is None else None, objects)) or set(),
        clause_tokens=_indices(reading, _dated_region(clause, anchor)) or set(),
        report_tokens=_indices(reading, _report(clause, anchor)) or set(),
        verbal=noun is None,
        modifiers={reading.index(t) for t in tree if t.dep_ in ("compound", "amod", "nmod")},
        scope=_indices(reading, _region(clause, OWN_SCOPE_EXCLUDED, anchor)) or set(),
        not_parties={reading.index(t) for t in excluded},
    )


def _indices(reading: Reading, tokens: set[Token] | None) -> set[int] | None:
    return None if tokens is None else {reading.index(t) for t in tokens}


def _passive(verb: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun trigger hangs from ("issued" for "issued a denial order")."""
    token = noun
    for _ in range(CLIMB_LIMIT):
        if token.dep_ not in NOUN_CLIMB or token.head is token:
            return None
        token = token.head
        if token.tag_.startswith("VB"):
            return token
    return None


PHRASE_EXCLUDED = OWN_SCOPE_EXCLUDED | {"acl", "xcomp", "advcl"}
"""Clauses a role's phrase does not reach into ("a license for X to export ... to Y")."""


def _phrase(token: Token) -> set[Token]:
    """A dependent's phrase, without the clauses it holds ("X, which ...")."""
    return _region(token, PHRASE_EXCLUDED, token)


def _subject(verb: Token | None, noun: Token | None, passive: bool) -> set[Token] | None:
    if noun is not None:
        by = _prep_objects(noun, {"by"})
        if by:
            return by
        if verb is None or noun.dep_ in ("nsubj", "nsubjpass"):
            return None
    assert verb is not None
    return _verb_subject(verb, passive)


def _owner(noun: Token | None) -> set[Token]:
    """A noun's possessor ("OFAC's", "Huawei's"); a compound says nothing of roles ("U.S.
    sanctions", "China tariffs")."""
    if noun is None:
        return set()
    owners = [c for c in noun.children if c.dep_ == "poss" and c.tag_ != "PRP$"]
    return set().union(*(_phrase(c) for c in owners)) if owners else set()


def _verb_subject(verb: Token, passive: bool) -> set[Token] | None:
    if passive:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        return set().union(*(_phrase(c) for c in agents)) - set(agents) if agents else None
    subjects = [child for child in verb.children if child.dep_ in SUBJECTS]
    if subjects:
        return _subject_phrase(verb, subjects[0])
    head = verb.head
    if head is verb:
        return None
    if verb.dep_ in ("conj", "xcomp", "advcl") and head.tag_.startswith("VB"):
        return _verb_subject(head, _passive(head))
    if verb.dep_ == "acl":  # "a new rule adding 36 entities": the subject of what issued it
        governor = _governing_verb(head)
        return _verb_subject(governor, _passive(governor)) if governor is not None else None
    return None


def _subject_phrase(verb: Token, subject: Token) -> set[Token] | None:
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return _noun_phrase(verb.head)  # "BIS, which added X": BIS
    if subject.tag_ == "PRP":
        return None  # "it", "they": the tree cannot say whom
    return _phrase(subject)


def _noun_phrase(noun: Token) -> set[Token]:
    """A noun with its compounds, modifiers and appositions, without its clauses."""
    return {t for t in _phrase(noun) if t.i <= noun.i or t.dep_ in ("appos", "punct")}


def _objects(verb: Token | None, noun: Token | None, passive: bool) -> set[Token] | None:
    found: set[Token] = set()
    if noun is not None:
        found |= _prep_objects(noun, NOUN_TARGET_PREPS)
        if verb is not None and noun.dep_ in ("nsubj", "nsubjpass") and not found:
            found |= set().union(*(_phrase(c) for c in verb.children if c.dep_ in OBJECTS))
        return found or None
    assert verb is not None
    if passive:
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                found |= (_noun_phrase(verb.head) if child.lower_ in RELATIVE_PRONOUNS
                          and verb.dep_ == "relcl" else _phrase(child))
    else:
        for child in verb.children:
            if child.dep_ in OBJECTS:
                found |= _phrase(child)
    found |= _prep_objects(verb, VERB_TARGET_PREPS)
    return found or None


def _purposes(verb: Token | None, objects: set[Token] | None) -> set[Token]:
    found: set[Token] = set()
    if verb is not None:
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and child.tag_.startswith("VB"):
                found |= _objects(child, None, _passive(child)) or set()
    for token in objects or ():
        for child in token.children:
            if child.dep_ in ("relcl", "acl") and child.tag_.startswith("VB"):
                found |= _objects(child, None, _passive(child)) or set()
    return found


def _prep_objects(head: Token, preps: set[str] | frozenset[str]) -> set[Token]:
    found: set[Token] = set()
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "pcomp"):
                    found |= _phrase(grandchild)
    return found


def _negated(verb: Token | None, noun: Token | None) -> bool:
    if verb is not None and any(c.dep_ == "neg" for c in verb.children):
        return True
    return noun is not None and any(c.dep_ == "det" and c.lower_ == "no"
                                    for c in noun.children)


def _region(head: Token, excluded: frozenset[str], keep: Token) -> set[Token]:
    """The subtree of `head` without the subtrees of dependents of the excluded kinds (and
    without coordinated verbs, each an act of its own), unless they hold `keep`."""
    region = set()
    stack = [head]
    while stack:
        token = stack.pop()
        region.add(token)
        for child in token.children:
            separate = child.dep_ in excluded or (
                child.dep_ == "conj" and child.tag_.startswith("VB") and any(
                    c.dep_ in SUBJECTS or c.dep_ == "nsubjpass" for c in child.children))
            if separate and not _holds(child, keep):
                continue
            stack.append(child)
    return region


def _dated_region(clause: Token, anchor: Token) -> set[Token]:
    region = _region(clause, OTHER_CLAUSES, anchor)
    if clause is not anchor:
        # "renew the order issued on March 29": the participle dates the order's issue,
        # another act than the one the governing verb states
        for child in anchor.children:
            if child.dep_ == "acl" and child.tag_.startswith("VB"):
                region -= set(child.subtree)
    for token in list(region):
        if token.dep_ == "advcl" and token in region and not _holds(token, anchor) and any(
                c.dep_ in ("mark", "nsubj", "nsubjpass") for c in token.children):
            region -= set(token.subtree)
    return region


def _report(clause: Token, anchor: Token) -> set[Token]:
    """The clauses that report or frame the act's ("X did Y, Z said on Wednesday", "sent a
    letter on Monday saying it intended to deny"), without the act's own."""
    said = [c for c in clause.children if c.dep_ == "conj" and c.lower_ in SPEECH_VERBS]
    found: set[Token] = set().union(*(_region(c, OTHER_CLAUSES, c) for c in said))
    token = clause
    for _ in range(CLIMB_LIMIT):
        head = token.head
        if head is token or token.dep_ not in FRAMING_DEPS | {"parataxis", "pobj", "prep"}:
            break
        if head.lower_ in FRAMING_WORDS:
            found |= _region(head, OTHER_CLAUSES, anchor) - set(clause.subtree)
        token = head
    return found


def _holds(token: Token, other: Token) -> bool:
    return token.left_edge.i <= other.i <= token.right_edge.i and (
        other is token or token in other.ancestors)


def _owners_of_counted(objects: set[Token] | None, related_nouns: frozenset[str]) -> set[Token]:
    """"46 affiliates of X": X owns the parties the act is about; it is none of them."""
    if not objects:
        return set()
    owners: set[Token] = set()
    for token in objects:
        if token.lower_ in related_nouns:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for owner in prep.children:
                        owners |= set(owner.subtree)
    return owners


def _quoted(reading: Reading, anchor: Token) -> set[Token]:
    """Tokens of quotations (speech, five tokens or more) that do not hold the trigger."""
    sentence = reading.tree
    assert sentence is not None
    doc = sentence.doc
    found: set[Token] = set()
    opened: int | None = None
    for token in sentence:
        if opened is None and token.text in QUOTE_OPEN:
            opened = token.i
        elif opened is not None and token.text in QUOTE_CLOSE:
            if token.i - opened > MIN_QUOTATION and not opened < anchor.i < token.i:
                found |= set(doc[opened:token.i + 1])
            opened = None
    if opened is not None and sentence.end - opened > MIN_QUOTATION and anchor.i < opened:
        found |= set(doc[opened:sentence.end])
    return found
