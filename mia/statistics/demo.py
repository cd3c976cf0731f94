"""The demo's naturalisation figures: Dortmund's, as the city's press releases gave them.

Only what was published: the totals of 2021 to 2025 (2025 up to mid-November) and, for 2024,
the six largest former nationalities; the rest of 2024's total is one explicit remainder
("other or not broken down"), and the other years have no breakdown at all. Nothing is
invented to fill a chart.

Called by `manage.py load_demo`. Idempotent: a year already there is left as it is.
"""

import datetime

from mia.core.models import Centre

from .countries import OTHER
from .models import Dataset, NaturalisationFigure, NaturalisationYear

DORTMUND_KEY = "05913000"  # Amtlicher Gemeindeschlüssel
SOURCE = (
    "Stadt Dortmund, Pressemitteilungen zu den Einbürgerungsfeiern und zur Zahl der "
    "Einbürgerungen (berichtet u. a. von Nordstadtblogger, Hellweger Anzeiger und "
    "mengede-intakt.de, Mai und Dezember 2025). Für 2024 nennt die Stadt die sechs häufigsten "
    "früheren Staatsangehörigkeiten; der Rest steht als „übrige, nicht aufgeschlüsselt“."
)
TOTALS = {2021: 1351, 2022: 1802, 2023: 2818, 2024: 3953, 2025: 3093}
# the press release says "bis Mitte November": the 15th stands for it, the note says so
PARTIAL = {2025: (datetime.date(2025, 11, 15), "Stand: Mitte November 2025")}
TOP_2024 = {"SY": 1507, "TR": 373, "IQ": 175, "MA": 141, "UA": 123, "PL": 113}


def load_statistics_demo(centre: Centre) -> None:
    Dataset.objects.get_or_create(
        centre=centre, defaults={"municipality_key": DORTMUND_KEY, "source": SOURCE}
    )
    for year, total in TOTALS.items():
        until, note = PARTIAL.get(year, (None, ""))
        record, created = NaturalisationYear.objects.get_or_create(
            centre=centre,
            year=year,
            defaults={"total": total, "covers_until": until, "note": note},
        )
        if created and year == 2024:
            figures = [
                NaturalisationFigure(year=record, nationality=code, count=count)
                for code, count in TOP_2024.items()
            ]
            figures.append(
                NaturalisationFigure(
                    year=record, nationality=OTHER, count=total - sum(TOP_2024.values())
                )
            )
            NaturalisationFigure.objects.bulk_create(figures)
