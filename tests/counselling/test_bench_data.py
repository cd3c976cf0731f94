"""The benchmark's offices keep working as the models change."""

from bench.counselling_data import finder_query, make_offices
from mia.counselling import finder
from mia.counselling.models import District, Office, OpeningSlot


def test_the_bench_offices_fit_the_finders_question(centre):
    made = make_offices(centre, 300)
    originals = Office.objects.originals().filter(centre=centre)
    assert made == originals.count() == 300
    assert set(originals.values_list("programme", flat=True)) == {"mbe", "jmd", "other"}
    assert District.objects.filter(centre=centre).count() == 40
    assert OpeningSlot.objects.filter(office__centre=centre).count() > 300
    assert Office.objects.filter(centre=centre).exclude(locale__language_code="de").exists()
    form = finder.FinderForm(finder_query(), centre=centre)
    assert form.is_valid(), form.errors
    everything_but_the_clock = {**form.criteria().__dict__, "open_now": False, "day": None}
    offices, origin = finder.search(centre, finder.Criteria(**everything_but_the_clock))
    assert origin is not None
    assert offices.exists()
