"""Hypothesis strategies that compose whole, valid handouts from the constructs clinics write: sections and
subsections, nested lists, tables, call-outs, citations and references, a glossary, pictures, support contacts,
Spanish editions. Every handout drawn is one `check` should report no errors for: plain sentences, headings that
never skip a level, citations only to references it has, pictures that exist."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import strategies as st
from PIL import Image

from plainleaf.limits import MAX_NESTING
from plainleaf.source.model import slugify


@dataclass(frozen=True)
class Words:
    """The plain-language material for one language: short sentences and the words around them."""

    language: str
    sentences: tuple[str, ...]
    headings: tuple[str, ...]
    cells: tuple[str, ...]
    glossary: dict[str, str]
    alt_texts: tuple[str, ...]
    captions: tuple[str, ...]
    quotes: tuple[str, ...]
    titles: tuple[str, ...]
    foreign: tuple[tuple[str, str], ...]  # (words, their language), for [words]{lang=..}


ENGLISH = Words(
    language="en",
    sentences=(
        "Wash your hands before you eat.",
        "Drink a glass of water with each meal.",
        "Take your pills at the same time each day.",
        "Call us if the pain gets worse.",
        "Rest when you feel tired.",
        "Walk a little each day.",
        "Keep a list of your pills with you.",
        "Bring this sheet to your next visit.",
        "Ask us if you are not sure.",
        "Most people feel better in a week.",
        "Do not drive if you feel sleepy.",
        "Eat fruit and greens each day.",
        "Sleep on your back for the first few nights.",
        "Tell us about any new rash.",
        "Use ice for 20 minutes at a time.",
        "Put a towel between the ice and your skin.",
        "Check your feet each night.",
        "Stop if it hurts.",
        "Write down your questions before you come in.",
        "Your nurse will show you how.",
        "A fever of 100.4 °F (38 °C) or more needs a call.",
        "Keep the wound clean and dry.",
        "Call 911 if you cannot breathe.",
        "It is normal to feel a little sore.",
        "Change the dressing when it gets wet.",
        "Take your blood thinner at night.",
        "Keep your inhaler with you.",
        "Look at your incision each day.",
    ),
    headings=("What to expect", "Taking your pills", "Looking after yourself at home", "When to call us",
              "Food and drink", "Getting back to normal", "Your next visit", "Questions people ask", "Staying safe"),
    cells=("Morning", "Noon", "Evening", "Bedtime", "1 pill", "2 pills", "With food", "Once a week", "Each day",
           "Water", "Juice", "Yes", "No", "Ask us", "Walk", "Rest"),
    glossary={"Blood thinner": "A medicine that lowers the chance of a blood clot.",
              "Incision": "The cut the surgeon made in your skin.",
              "Inhaler": "A small device that sends medicine into your lungs.",
              "Dressing": "The pad or bandage that covers a wound."},
    alt_texts=("A hand holding a glass of water", "A weekly pill box with seven small boxes",
               "A simple drawing of a foot seen from below"),
    captions=("Keep this by your bed.", "Ask us if you want a copy.", "This shows one way to do it."),
    quotes=("I put my pills next to my toothbrush, so I never forget them.", "A short walk each day helped me most."),
    foreign=(("por favor", "es"), ("merci", "fr"), ("danke", "de")),
    titles=("Going home after surgery", "Living with asthma", "Caring for your feet", "Your new medicine"),
)

SPANISH = Words(
    language="es",
    sentences=(
        "Lávese las manos antes de comer.",
        "Tome un vaso de agua con cada comida.",
        "Tome sus pastillas a la misma hora.",
        "Llámenos si el dolor empeora.",
        "Descanse cuando esté cansado.",
        "Camine un poco todos los días.",
        "Lleve con usted la lista de sus medicinas.",
        "Traiga esta hoja a su próxima cita.",
        "Pregúntenos si tiene dudas.",
        "La mayoría se siente mejor en una semana.",
        "No maneje si tiene sueño.",
        "Coma fruta y verdura todos los días.",
        "¿Tiene fiebre? Llámenos hoy.",
        "Mantenga la herida limpia y seca.",
        "Pare si le duele.",
        "Vaya a urgencias si no puede respirar.",
        "Cambie el vendaje cada día.",
        "Lleve el inhalador con usted.",
        "Mire la herida cada día.",
    ),
    headings=("Qué esperar", "Sus pastillas", "Cómo cuidarse en casa", "Cuándo llamarnos", "Comida y bebida",
              "Su próxima cita", "Preguntas frecuentes"),
    cells=("Mañana", "Tarde", "Noche", "1 pastilla", "Con comida", "Cada día", "Agua", "Sí", "No", "Descanso"),
    glossary={"Herida": "Un corte o una lesión en la piel.",
              "Inhalador": "Un aparato que lleva la medicina a los pulmones.",
              "Vendaje": "La tela o gasa que cubre una herida."},
    alt_texts=("Una mano con un vaso de agua", "Un pastillero con siete cajitas"),
    captions=("Tenga esto cerca de la cama.", "Pídanos una copia."),
    quotes=("Pongo mis pastillas junto al cepillo de dientes.",),
    foreign=(("heart rate", "en"), ("merci", "fr")),
    titles=("Volver a casa después de la cirugía", "Vivir con asma", "Su nueva medicina"),
)

# Telephone numbers as a clinic in each country writes them: its own without a country code, others' with one.
PHONES = {
    "US": ("(212) 555-0142", "(212) 555-0142 ext. 12", "212-555-0199 x 3", "1-800-555-0134", "+1 416 555 0178",
           "+44 (0)20 7946 0018", "+44 161 496 0734", "+34 912 345 678", "+52 55 5555 0123", "988"),
    "GB": ("020 7946 0018", "0161 496 0734", "07700 900123", "+44 (0)20 7946 0999", "+1 (212) 555-0142 ext. 3",
           "116 123", "+34 912 345 678"),
}
PICTURES = ("pic.png", "pic.jpg", "images/pic.svg")
LAYOUTS = ("large-print", "extra-large", "clear-print")
PAPERS = ("letter", "a4")


@dataclass
class Draft:
    """A handout being composed: the Markdown blocks so far and what they need in the front matter."""

    words: Words
    cited: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GeneratedHandout:
    slug: str
    text: str  # handout.md


@dataclass(frozen=True)
class Collection:
    """What one example builds: a handouts/ folder (handouts, clinic file, pictures) and the options."""

    handouts: tuple[GeneratedHandout, ...]
    clinic: str
    layout: str
    paper: str

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True)
        (folder / "clinic.yaml").write_text(self.clinic, encoding="utf-8")
        if "logo.png" in self.clinic:
            (folder / "logo.png").write_bytes(picture_bytes("PNG"))
        for handout in self.handouts:
            write_pictures(folder / handout.slug)
            (folder / handout.slug / "handout.md").write_text(handout.text, encoding="utf-8")


def picture_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 220, 240)).save(out, kind)
    return out.getvalue()


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
       '<rect width="400" height="200" fill="#ffffff"/><circle cx="100" cy="100" r="60" fill="#cccccc" '
       'stroke="#000000" stroke-width="4"/><text x="180" y="115" font-family="Atkinson Hyperlegible" '
       'font-size="40" font-weight="bold">Label</text></svg>')


def write_pictures(folder: Path) -> None:
    (folder / "images").mkdir(parents=True)
    (folder / "pic.png").write_bytes(picture_bytes("PNG"))
    (folder / "pic.jpg").write_bytes(picture_bytes("JPEG"))
    (folder / "images" / "pic.svg").write_text(SVG, encoding="utf-8")


@st.composite
def sentence(draw: st.DrawFn, draft: Draft, cite: bool = True) -> str:
    text = draw(st.sampled_from(draft.words.sentences))
    if cite and draw(st.integers(0, 3)) == 0:
        ids = draw(st.lists(st.sampled_from(sorted(REFERENCES)), min_size=1, max_size=3,
                            unique=True))
        draft.cited.extend(i for i in ids if i not in draft.cited)
        group = "; ".join(f"@{i}" for i in ids)
        text = draw(st.sampled_from([f"{text[:-1]} [{group}].", f"{text} [{group}]"]))
    return text


@st.composite
def paragraph(draw: st.DrawFn, draft: Draft, min_sentences: int = 1) -> str:
    sentences = draw(st.lists(sentence(draft), min_size=min_sentences, max_size=4))
    extra = draw(st.sampled_from(["", "code", "lang", "link", "bold", "anchor", "picture"]))
    words = draft.words
    if extra == "code":
        sentences.append({"en": "Text `QUIT` to the help line.", "es": "Escriba `AYUDA` en la app."}[words.language])
    elif extra == "lang":
        foreign, language = draw(st.sampled_from(words.foreign))
        sentences.append(f"You may hear [{foreign}]{{lang={language}}}." if words.language == "en" else
                         f"Quizá oiga [{foreign}]{{lang={language}}}.")
    elif extra == "link":
        sentences.append({"en": "Read the [guide on the clinic website](https://clinic.example.org/guides/care).",
                          "es": "Lea la [guía en la web](https://clinic.example.org/es/guias)."}[words.language])
    elif extra == "bold":
        sentences[0] = f"**{sentences[0]}**"
    elif extra == "anchor" and draft.anchors:
        anchor = draw(st.sampled_from(draft.anchors))
        sentences.append(f"See [the part above](#{anchor})." if words.language == "en" else
                         f"Vea [la parte de arriba](#{anchor}).")
    elif extra == "picture":
        sentences.append(f"![{draw(st.sampled_from(words.alt_texts))}]({draw(st.sampled_from(PICTURES))})")
    return " ".join(sentences)


@st.composite
def nested_list(draw: st.DrawFn, draft: Draft, depth: int = 1, indent: str = "") -> str:
    """A list, ordered or not, whose items may hold lists down to MAX_NESTING (counting the boxes around it)."""
    ordered = draw(st.booleans())
    lines = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{n}. " if ordered else "- "
        lines.append(f"{indent}{marker}{draw(sentence(draft))}")
        if depth < MAX_NESTING and draw(st.integers(0, 2)) == 0:
            lines.append(draw(nested_list(draft, depth + 1, indent + " " * len(marker))))
    return "\n".join(lines)


@st.composite
def table(draw: st.DrawFn, draft: Draft) -> str:
    columns = draw(st.integers(2, 7))
    cells = st.sampled_from(draft.words.cells)
    header = [draw(cells) for _ in range(columns)]
    rows = [[draw(st.one_of(cells, st.just(""), sentence(draft) if columns <= 3 else cells)) for _ in range(columns)]
            for _ in range(draw(st.integers(1, 3)))]
    return "\n".join(["| " + " | ".join(header) + " |", "|" + " --- |" * columns,
                      *("| " + " | ".join(row) + " |" for row in rows)])


@st.composite
def figure(draw: st.DrawFn, draft: Draft) -> str:
    alt = draw(st.sampled_from(draft.words.alt_texts))
    caption = draw(st.one_of(st.none(), st.sampled_from(draft.words.captions)))
    src = draw(st.sampled_from(PICTURES))
    return f'![{alt}]({src} "{caption}")' if caption else f"![{alt}]({src})"


@st.composite
def callout(draw: st.DrawFn, draft: Draft) -> str:
    kind = draw(st.sampled_from(["important", "tip", "warning"]))
    inside = draw(st.lists(st.one_of(paragraph(draft), nested_list(draft, depth=2), table(draft)), min_size=1,
                           max_size=2))
    return f"::: {kind}\n" + "\n\n".join(inside) + "\n:::"


@st.composite
def block(draw: st.DrawFn, draft: Draft) -> str:
    return draw(st.one_of(
        paragraph(draft), paragraph(draft), nested_list(draft), table(draft), figure(draft), callout(draft),
        st.sampled_from(draft.words.quotes).map(lambda quote: f'> "{quote}"'),
    ))


@st.composite
def section(draw: st.DrawFn, draft: Draft, title: str) -> str:
    if draft.terms and draw(st.booleans()):
        title = f"{title}: {draw(st.sampled_from(draft.terms)).lower()}"  # a glossary term in a heading
    if draw(st.integers(0, 5)) == 0:  # a citation in a heading; not linked to, as its id may change with it
        source = draw(st.sampled_from(sorted(REFERENCES)))
        draft.cited.extend([source] if source not in draft.cited else [])
        heading = f"{title} [@{source}]"
    else:
        heading = title
        draft.anchors.append(slugify(title))
    # every section opens with a few sentences, so that its reading level is measured on prose
    parts = [f"## {heading}", draw(paragraph(draft, min_sentences=2)), *draw(st.lists(block(draft), max_size=3))]
    for sub in draw(st.lists(st.sampled_from(draft.words.headings), max_size=2, unique=True)):
        parts += [f"### {sub}", *draw(st.lists(block(draft), min_size=1, max_size=2))]
    return "\n\n".join(parts)


REFERENCES = {
    "who": {"title": "Patient safety", "publisher": "World Health Organization", "place": "Geneva",
            "url": "https://www.who.int/health-topics/patient-safety"},
    "nih": {"title": "Health information", "publisher": "National Institutes of Health", "date": dt.date(2024, 3, 1),
            "url": "https://www.nih.gov/health-information"},
    "cdc": {"title": "Healthy habits", "authors": ["Centers for Disease Control and Prevention"],
            "publisher": "CDC", "accessed": dt.date(2026, 1, 10),
            "url": "https://www.cdc.gov/healthy-habits/about/index.html?utm_source=handout&utm_medium=print"},
    "nhs": {"title": "Health A to Z", "publisher": "NHS", "url": "https://www.nhs.uk/conditions/"},
    "local": {"title": "Our care team's guide", "publisher": "Example Community Clinic"},
}


@st.composite
def support_contact(draw: st.DrawFn, country: str) -> dict:
    contact = {"name": draw(st.sampled_from(["Nurse line", "Support group", "Línea de ayuda", "Help desk"]))}
    reach = draw(st.lists(st.sampled_from(["phone", "url", "email"]), min_size=1, max_size=3, unique=True))
    if "phone" in reach:
        contact["phone"] = draw(st.sampled_from(PHONES[country]))
    if "url" in reach:
        contact["url"] = "https://support.example.org/groups/patients-and-families/"
    if "email" in reach:
        contact["email"] = "patient.support.team@support.example.org"
    if draw(st.booleans()):
        contact["hours"] = "Monday to Friday, 9 am to 5 pm"
    return contact


@st.composite
def handout(draw: st.DrawFn, words: Words, slug: str, country: str, translation_of: str | None = None
            ) -> GeneratedHandout:
    draft = Draft(words)
    if draw(st.booleans()):
        draft.terms = draw(st.lists(st.sampled_from(sorted(words.glossary)), min_size=1, max_size=3, unique=True))
    titles = draw(st.lists(st.sampled_from(words.headings), min_size=1, max_size=5, unique=True))
    body = "\n\n".join(draw(section(draft, title)) for title in titles)
    front: dict = {"title": draw(st.sampled_from(words.titles)),
                   "summary": " ".join(draw(st.lists(sentence(draft, cite=False), min_size=1, max_size=2))),
                   "reviewed": dt.date(2026, 11, 1)}
    if words.language != "en":
        front["language"] = draw(st.sampled_from(["es", "es-MX"]))
    if translation_of:
        front["translation_of"] = translation_of
    if draw(st.booleans()):
        front["key_points"] = draw(st.lists(sentence(draft, cite=False), min_size=1, max_size=5))
    if draw(st.booleans()):
        front["subtitle"] = draw(st.sampled_from(words.captions))
    if draft.terms:
        front["glossary"] = {term: words.glossary[term] for term in draft.terms}
    if draft.cited:
        front["references"] = [{"id": i, **REFERENCES[i]} for i in draft.cited]
    if draw(st.booleans()):
        front["support"] = draw(st.lists(support_contact(country), min_size=1, max_size=3))
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return GeneratedHandout(slug, f"---\n{matter}---\n{body}\n")


CLINICS = {  # clinic file → its country
    "name: Example Community Clinic\n": "US",
    "name: Example Community Clinic\ncountry: US\nphone: (212) 555-0100 ext. 5\n"
    "emergency: Call 911 in an emergency.\n": "US",
    "name: Clínica Ejemplo\ncountry: GB\nphone: 020 7946 0000\nafter_hours_phone: 111\n"
    "website: https://clinic.example.org/\nlogo: {path: logo.png, alt: Clínica Ejemplo}\n"
    "emergency: In an emergency, call 999.\n": "GB",
}


@st.composite
def collections(draw: st.DrawFn) -> Collection:
    """One handout, or an English handout and its Spanish edition, with a clinic file and the options to build."""
    clinic = draw(st.sampled_from(sorted(CLINICS)))
    words = draw(st.sampled_from([ENGLISH, SPANISH]))
    handouts = [draw(handout(words, "generated", CLINICS[clinic]))]
    if words is ENGLISH and draw(st.integers(0, 3)) == 0:
        handouts.append(draw(handout(SPANISH, "generated-es", CLINICS[clinic], translation_of="generated")))
    return Collection(tuple(handouts), clinic, draw(st.sampled_from(LAYOUTS)), draw(st.sampled_from(PAPERS)))
