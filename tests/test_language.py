"""Language detection: English gets features; other languages and too-short texts do not."""
from __future__ import annotations

import pytest

from service.framing.document import parse
from service.framing.language import detect_language

SAMPLES = [
    ("en", "The Kurdish-led forces said they had thwarted the attack on the prison, "
           "which is one of the largest in the region."),
    ("und-Latn", "Les forces kurdes ont déclaré avoir déjoué l'attaque contre la prison, "
                 "qui est l'une des plus grandes de la région."),
    ("und-Latn", "Die kurdischen Kräfte erklärten, sie hätten den Angriff auf das Gefängnis "
                 "vereitelt, das zu den größten der Region gehört."),
    ("und-Latn", "Las fuerzas kurdas dijeron que habían frustrado el ataque contra la prisión, "
                 "que es una de las más grandes de la región."),
    ("und-Latn", "Le forze curde hanno detto di aver sventato l'attacco alla prigione, "
                 "che è una delle più grandi della regione."),
    ("und-Cyrl", "Курдские силы заявили, что отразили нападение на тюрьму, "
                 "одну из крупнейших в регионе."),
    ("und-Arab", "قالت القوات الكردية إنها أحبطت الهجوم على السجن، وهو من أكبر السجون في المنطقة."),
    ("und", "Terrorists"),
    ("und", ""),
    ("und", "   \n "),
    ("und", "2022 01 24"),
]


@pytest.mark.parametrize("expected, text", SAMPLES)
def test_detect_language(resources, expected, text):
    language, share = detect_language(parse(text), resources)
    assert language == expected
    assert share is None or 0.0 <= share <= 1.0


def test_short_english_is_english(resources):
    assert detect_language(parse("ISIS attacked the prison."), resources)[0] == "en"


def test_seeds_are_english(resources, seeds):
    for key, text in seeds.items():
        assert detect_language(parse(text), resources)[0] == "en", key
