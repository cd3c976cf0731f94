"""The demo programme: the Internationale Woche 2025 in Dortmund, the next edition taking
submissions, and a few of the centre's events all year round.

Called by `manage.py load_demo` once the pages exist. Idempotent: every record is found
again by a stable key (organisations and venues by name, editions by slug, events by title
within their edition) and only what is missing is made. The year-round events are dated
relative to the day of loading so that the home page always has upcoming events; a load that
finds one of them wholly in the past moves it forward again instead of adding another.

The organisations are invented; the venues are real public places in Dortmund with
approximate coordinates. Texts are German (the site's default language); translations are
in `demo_translations.py`. Changes are not announced through `programme_changed`: the demo
starts with no booklets, and loading it must stay fast.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search.backends import get_search_backends

from mia.core.models import Centre
from mia.organisations.models import Organisation

from .demo_translations import EDITION_INTROS
from .demo_translations import EVENTS as EVENT_TRANSLATIONS
from .models import AccessCode, Edition, EditionIntro, Event, EventDate, EventMessage, Venue

BERLIN = ZoneInfo("Europe/Berlin")

# The organisation whose member account `ensure_demo_member` creates, and that account.
DEMO_MEMBER_EMAIL = "verein@example.org"
DEMO_MEMBER_ORGANISATION = "Nachbarschaftsverein Münsterviertel e.V."

Kind = Organisation.Kind

ORGANISATIONS: dict[str, dict] = {
    "nachbarschaft": {
        "name": DEMO_MEMBER_ORGANISATION,
        "kind": Kind.ASSOCIATION,
        "description": (
            "Anwohnerinnen und Anwohner, Geschäftsleute und Vereine aus dem Viertel rund um die "
            "Münsterstraße, die sich gemeinsam um ein gutes Miteinander kümmern. Der Verein "
            "richtet jedes Jahr das Straßenfest zur Eröffnung der Internationalen Woche aus."
        ),
        "domain": "muensterviertel.example",
        "contact_name": "Vorstand",
    },
    "integrationsrat": {
        "name": "Integrationsrat der Stadt Dortmund",
        "kind": Kind.ADMINISTRATION,
        "description": (
            "Das gewählte Gremium vertritt die Dortmunderinnen und Dortmunder mit "
            "Einwanderungsgeschichte gegenüber Rat und Verwaltung. Seine Geschäftsstelle plant "
            "und koordiniert die Internationale Woche."
        ),
        "email": "integrationsrat@stadtdo.example",
        "contact_name": "Geschäftsstelle",
    },
    "einbuergerung": {
        "name": "Stadt Dortmund – Team Einbürgerung",
        "kind": Kind.ADMINISTRATION,
        "description": (
            "Berät zu den Voraussetzungen und zum Ablauf der Einbürgerung und bearbeitet die "
            "Anträge der Dortmunderinnen und Dortmunder."
        ),
        "email": "einbuergerung@stadtdo.example",
        "contact_name": "Servicetelefon Einbürgerung",
    },
    "elternverein": {
        "name": "Türkisch-Deutscher Elternverein Nordstadt e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Eltern mit türkischen Wurzeln, die sich für gute Bildungschancen ihrer Kinder "
            "einsetzen: Hausaufgabenhilfe, Elternabende und Beratung rund um Kita und Schule, "
            "auf Deutsch und Türkisch."
        ),
        "domain": "elternverein-nordstadt.example",
        "contact_name": "Vorstand",
    },
    "syrisch": {
        "name": "Syrisches Kulturhaus Dortmund e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Gegründet von Menschen, die seit 2015 aus Syrien nach Dortmund gekommen sind. Der "
            "Verein pflegt arabische Musik, Küche und Literatur und begleitet Neuangekommene bei "
            "den ersten Schritten in der Stadt."
        ),
        "domain": "syrisches-kulturhaus.example",
        "contact_name": "Kulturteam",
    },
    "ukraine": {
        "name": "Ukrainische Gemeinschaft an der Ruhr e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Ein Treffpunkt für Ukrainerinnen und Ukrainer in Dortmund und Umgebung: "
            "Samstagsschule für Kinder, Kulturabende, Begleitung zu Behörden und eine "
            "Kleiderkammer."
        ),
        "domain": "ukrainische-gemeinschaft.example",
        "contact_name": "Vereinsbüro",
    },
    "polen": {
        "name": "Polnischer Kulturverein „Most“ e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "„Most“ heißt Brücke: Der Verein verbindet polnische und deutsche Kultur mit "
            "Lesungen, Konzerten und einem Chor und erinnert an die Geschichte der polnischen "
            "Zuwanderung ins Ruhrgebiet."
        ),
        "domain": "most-dortmund.example",
        "contact_name": "Vorstand",
    },
    "kurdisch": {
        "name": "Kurdischer Kultur- und Elternverein Dortmund e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Musik-, Tanz- und Sprachkurse für Kinder und Erwachsene, Feste wie Newroz und "
            "Beratung für Familien auf Kurdisch und Deutsch."
        ),
        "domain": "kurdischer-kulturverein.example",
        "contact_name": "Vereinsbüro",
    },
    "afrika": {
        "name": "Afrika-Forum Nordstadt e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Ein Netzwerk afrikanischer Vereine und Engagierter in Dortmund: Bildungsarbeit "
            "gegen Rassismus, Trommel- und Tanzgruppen und Mentoring für Studierende."
        ),
        "domain": "afrika-forum-nordstadt.example",
        "contact_name": "Koordination",
    },
    "griechisch": {
        "name": "Deutsch-Griechischer Kulturkreis Dortmund e.V.",
        "kind": Kind.ASSOCIATION,
        "description": (
            "Seit den 1960er-Jahren leben viele griechische Familien in Dortmund. Der Kulturkreis "
            "lädt zu Tanzabenden, Sprachkursen und Gesprächen über die gemeinsame Geschichte ein."
        ),
        "domain": "kulturkreis-hellas.example",
        "contact_name": "Vorstand",
    },
    "iran": {
        "name": "Iranischer Kulturverein Simorgh e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Persische Sprache, Dichtung und Film: Der Verein zeigt Kino aus Iran und "
            "Afghanistan, feiert Nouruz und Yalda und bietet Persischunterricht für Kinder an."
        ),
        "domain": "simorgh-dortmund.example",
        "contact_name": "Kulturteam",
    },
    "roma": {
        "name": "Verein für Roma-Kultur und Bildung Nordstadt e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Menschen aus Rumänien und Bulgarien, die in der Nordstadt zu Hause sind, "
            "organisieren Lernhilfe, Musikprojekte und Begleitung zu Ämtern. Die Blaskapelle des "
            "Vereins spielt auf vielen Festen im Stadtteil."
        ),
        "domain": "roma-kultur-nordstadt.example",
        "contact_name": "Vereinsbüro",
    },
    "willkommen": {
        "name": "Initiative Willkommen in der Nordstadt",
        "kind": Kind.INITIATIVE,
        "description": (
            "Ehrenamtliche begleiten geflüchtete Menschen: Patenschaften, eine Fahrradwerkstatt, "
            "Deutsch-Treffs und Stadtspaziergänge für Neuangekommene."
        ),
        "domain": "willkommen-nordstadt.example",
        "contact_name": "Koordinationsteam",
    },
    "frauen": {
        "name": "Frauencafé Mosaik",
        "kind": Kind.INITIATIVE,
        "description": (
            "Ein offener Treff für Frauen aus aller Welt, jeden Donnerstag in der Nordstadt: "
            "Austausch, Beratung, gemeinsames Kochen und Ausflüge. Kinder werden währenddessen "
            "betreut."
        ),
        "domain": "frauencafe-mosaik.example",
        "contact_name": "Team Frauencafé",
    },
    "wortbruecke": {
        "name": "Literaturinitiative Wortbrücke",
        "kind": Kind.INITIATIVE,
        "description": (
            "Schreibende und Lesende, die Literatur aus vielen Sprachen nach Dortmund holen: "
            "mehrsprachige Lesungen, Schreibwerkstätten und ein Lesekreis in der Stadtbibliothek."
        ),
        "domain": "wortbruecke.example",
        "contact_name": "Programmgruppe",
    },
    "filmclub": {
        "name": "Filmclub Leinwand ohne Grenzen",
        "kind": Kind.INITIATIVE,
        "description": (
            "Ein Kollektiv von Filmbegeisterten zeigt Filme über Migration, Flucht und "
            "Zusammenleben – oft mit Gästen und im Original mit Untertiteln."
        ),
        "domain": "leinwand-ohne-grenzen.example",
        "contact_name": "Programmgruppe",
    },
    "interreligioes": {
        "name": "Interreligiöser Arbeitskreis Dortmund-Nord",
        "kind": Kind.INITIATIVE,
        "description": (
            "Christliche, muslimische, jüdische und alevitische Gemeinden aus dem Dortmunder "
            "Norden treffen sich regelmäßig, feiern gemeinsam und treten für ein friedliches "
            "Miteinander ein."
        ),
        "domain": "interreligioes-nord.example",
        "contact_name": "Sprecherkreis",
    },
    "moschee": {
        "name": "Islamische Gemeinde Nordstadt e.V.",
        "kind": Kind.MIGRANT_ORGANISATION,
        "description": (
            "Moscheegemeinde mit Gebetsraum, Jugendarbeit und Hausaufgabenhilfe. Die Gemeinde "
            "öffnet ihre Türen regelmäßig für Nachbarinnen und Nachbarn, Schulklassen und alle, "
            "die mehr wissen möchten."
        ),
        "domain": "gemeinde-nordstadt.example",
        "contact_name": "Gemeindevorstand",
    },
    "fc": {
        "name": "FC Nordstadt International e.V.",
        "kind": Kind.ASSOCIATION,
        "description": (
            "Fußballverein mit Spielerinnen und Spielern aus über 25 Ländern, Jugendmannschaften "
            "ab sechs Jahren und einem Frauenteam. Trainiert wird im Hoeschpark."
        ),
        "domain": "fc-nordstadt-international.example",
        "contact_name": "Jugendleitung",
    },
    "chor": {
        "name": "Chor der Kulturen Dortmund e.V.",
        "kind": Kind.ASSOCIATION,
        "description": (
            "Rund 50 Sängerinnen und Sänger aus 18 Herkunftsländern singen Lieder aus aller "
            "Welt; jede und jeder bringt Lieder aus der eigenen Heimat mit. Geprobt wird "
            "dienstags im Dietrich-Keuning-Haus."
        ),
        "domain": "chor-der-kulturen.example",
        "contact_name": "Chorleitung",
    },
    "geschichte": {
        "name": "Geschichtswerkstatt Dortmund-Nord e.V.",
        "kind": Kind.ASSOCIATION,
        "description": (
            "Sammelt Erinnerungen von Menschen, die in die Nordstadt eingewandert sind – Fotos, "
            "Briefe, Interviews – und macht daraus Ausstellungen und Rundgänge."
        ),
        "domain": "geschichtswerkstatt-nord.example",
        "contact_name": "Arbeitsgruppe Ausstellungen",
    },
    "kinder": {
        "name": "Kinderfreunde Nordmarkt e.V.",
        "kind": Kind.ASSOCIATION,
        "description": (
            "Spielmobil, Ferienprogramme und Kinderfeste rund um den Nordmarkt – für alle "
            "Kinder im Viertel, kostenlos und ohne Anmeldung."
        ),
        "domain": "kinderfreunde-nordmarkt.example",
        "contact_name": "Spielmobil-Team",
    },
    "migrationsberatung": {
        "name": "Migrationsberatung Nordstadt",
        "kind": Kind.INSTITUTION,
        "description": (
            "Beratungsstelle eines Wohlfahrtsverbands für Erwachsene mit Einwanderungsgeschichte: "
            "Aufenthalt, Arbeit, Anerkennung von Abschlüssen und Sprachkurse, in sieben Sprachen."
        ),
        "domain": "migrationsberatung-nordstadt.example",
        "contact_name": "Beratungsteam",
    },
    "bibliothek": {
        "name": "Stadt- und Landesbibliothek Dortmund",
        "kind": Kind.INSTITUTION,
        "description": (
            "Die zentrale öffentliche Bibliothek der Stadt, mit Büchern und Medien in vielen "
            "Sprachen, Sprachcafés und Veranstaltungen für alle Altersgruppen."
        ),
        "email": "veranstaltungen@bibliothek-dortmund.example",
        "website": "https://bibliothek-dortmund.example",
        "contact_name": "Veranstaltungsteam",
    },
}

Y, N, U = "yes", "no", "unknown"
INNENSTADT_NORD = "Innenstadt-Nord"
INNENSTADT_WEST = "Innenstadt-West"

# name, street, postcode, district, latitude, longitude, step-free, toilet, loop, notes
VENUES: dict[str, tuple] = {
    "muenster": (
        "Münsterstraße (Festmeile)",
        "Münsterstraße",
        "44145",
        INNENSTADT_NORD,
        "51.524800",
        "7.456800",
        Y,
        U,
        N,
        "Für das Fest gesperrte, ebene Fahrbahn; an den Querstraßen abgesenkte Bordsteine. "
        "Am Nachmittag oft großes Gedränge.",
    ),
    "nordmarkt": (
        "Nordmarkt",
        "Nordmarkt",
        "44147",
        INNENSTADT_NORD,
        "51.526200",
        "7.454600",
        Y,
        N,
        N,
        "Gepflasterte Wege, Bänke unter den Bäumen. Keine öffentliche Toilette am Platz.",
    ),
    "dkh": (
        "Dietrich-Keuning-Haus",
        "Leopoldstraße 50–58",
        "44147",
        INNENSTADT_NORD,
        "51.521900",
        "7.465300",
        Y,
        Y,
        Y,
        "Stufenloser Eingang an der Leopoldstraße, Aufzug in alle Etagen, Höranlage im großen "
        "Saal.",
    ),
    "bibliothek": (
        "Stadt- und Landesbibliothek",
        "Max-von-der-Grün-Platz 1–3",
        "44137",
        INNENSTADT_WEST,
        "51.516200",
        "7.459700",
        Y,
        Y,
        U,
        "Ebenerdiger Haupteingang gegenüber dem Hauptbahnhof, Aufzüge in alle Etagen.",
    ),
    "auslandsgesellschaft": (
        "Auslandsgesellschaft",
        "Steinstraße 48",
        "44147",
        INNENSTADT_NORD,
        "51.520200",
        "7.461100",
        N,
        N,
        U,
        "Eine Stufe am Eingang; eine mobile Rampe wird auf Nachfrage ausgelegt.",
    ),
    "kino": (
        "sweetSixteen-Kino im Depot",
        "Immermannstraße 29",
        "44147",
        INNENSTADT_NORD,
        "51.531000",
        "7.453600",
        Y,
        Y,
        N,
        "Kinosaal ebenerdig erreichbar, zwei Rollstuhlplätze in der ersten Reihe.",
    ),
    "depot": (
        "Depot – Halle",
        "Immermannstraße 29",
        "44147",
        INNENSTADT_NORD,
        "51.530800",
        "7.453900",
        Y,
        Y,
        U,
        "",
    ),
    "hoeschpark": (
        "Hoeschpark (Festwiese)",
        "Kirchderner Straße 35–43",
        "44145",
        INNENSTADT_NORD,
        "51.525100",
        "7.485000",
        Y,
        U,
        N,
        "Breite, befestigte Hauptwege vom Eingang Kirchderner Straße; die Wiesen sind bei "
        "Nässe schwer befahrbar.",
    ),
    "sportplatz": (
        "Sportanlage im Hoeschpark",
        "Kirchderner Straße 35–43",
        "44145",
        INNENSTADT_NORD,
        "51.526200",
        "7.483100",
        Y,
        N,
        N,
        "Zuschauerplätze ebenerdig an der Laufbahn; die Umkleiden sind nur über Stufen erreichbar.",
    ),
    "fredenbaum": (
        "Fredenbaumpark, Musikpavillon",
        "Lindenhorster Straße",
        "44147",
        INNENSTADT_NORD,
        "51.536900",
        "7.446900",
        U,
        U,
        N,
        "Der Pavillon liegt an einem asphaltierten Weg; im übrigen Park gibt es unbefestigte "
        "Waldwege.",
    ),
    "bluecherpark": (
        "Blücherpark",
        "Blücherstraße",
        "44147",
        INNENSTADT_NORD,
        "51.524000",
        "7.450500",
        Y,
        N,
        N,
        "",
    ),
    "reinoldi": (
        "Reinoldikirche",
        "Ostenhellweg 2",
        "44135",
        INNENSTADT_WEST,
        "51.514770",
        "7.467630",
        Y,
        N,
        Y,
        "Seiteneingang mit Rampe; Höranlage im Kirchenschiff.",
    ),
    "rathaus": (
        "Rathaus Dortmund",
        "Friedensplatz 1",
        "44135",
        INNENSTADT_WEST,
        "51.512800",
        "7.466200",
        Y,
        Y,
        Y,
        "Stufenloser Eingang am Friedensplatz, Aufzug zu Ratssaal und Bürgerhalle.",
    ),
    "paulus": (
        "Pauluskirche",
        "Schützenstraße 35",
        "44147",
        INNENSTADT_NORD,
        "51.520560",
        "7.453610",
        N,
        N,
        U,
        "Drei Stufen am Haupteingang. Der Nebeneingang an der Kirchenstraße ist stufenlos; "
        "bitte vorher Bescheid geben, dann wird er geöffnet.",
    ),
    "stjoseph": (
        "Gemeindesaal St. Joseph",
        "Heroldstraße 13",
        "44145",
        INNENSTADT_NORD,
        "51.522900",
        "7.457100",
        U,
        U,
        U,
        "",
    ),
    "moschee": (
        "Gemeindezentrum der Islamischen Gemeinde Nordstadt",
        "Mallinckrodtstraße 200",
        "44147",
        INNENSTADT_NORD,
        "51.526800",
        "7.460000",
        N,
        N,
        N,
        "Gebetsraum im ersten Stock ohne Aufzug; der Hof ist ebenerdig. Im Gebetsraum werden "
        "die Schuhe ausgezogen.",
    ),
    "schule": (
        "Anne-Frank-Gesamtschule, Forum",
        "Burgholzstraße 120",
        "44145",
        INNENSTADT_NORD,
        "51.529400",
        "7.469800",
        Y,
        Y,
        U,
        "Forum im Erdgeschoss, Zugang über den Schulhof.",
    ),
    "steinwache": (
        "Mahn- und Gedenkstätte Steinwache",
        "Steinstraße 50",
        "44147",
        INNENSTADT_NORD,
        "51.519900",
        "7.462200",
        N,
        N,
        U,
        "Die Ausstellung verteilt sich auf mehrere Etagen ohne Aufzug; eine Stufe am Eingang.",
    ),
    "zollern": (
        "LWL-Museum Zeche Zollern",
        "Grubenweg 5",
        "44388",
        "Lütgendortmund",
        "51.514300",
        "7.336000",
        Y,
        Y,
        U,
        "Gelände und Hallen weitgehend stufenlos; Rollstühle können an der Kasse geliehen werden.",
    ),
}

# The venue an organisation proposed with its submission to the next edition (not yet checked).
PROPOSED_VENUE = {
    "name": "Treffpunkt der Ukrainischen Gemeinschaft",
    "street": "Lortzingstraße 12",
    "postcode": "44145",
    "district": INNENSTADT_NORD,
    "step_free": N,
    "accessible_toilet": U,
    "induction_loop": U,
    "accessibility_notes": "Vereinsraum im Erdgeschoss, eine Stufe am Eingang (Angabe des Vereins).",
}

EDITION_2025 = {
    "name": "Internationale Woche 2025",
    "slug": "internationale-woche-2025",
    "starts_on": datetime.date(2025, 6, 21),
    "ends_on": datetime.date(2025, 6, 29),
    "submissions_open_at": datetime.datetime(2025, 1, 15, 0, 0, tzinfo=BERLIN),
    "submissions_close_at": datetime.datetime(2025, 4, 30, 23, 59, tzinfo=BERLIN),
    "programme_published": True,
    "intro": (
        "Neun Tage lang zeigt Dortmund, wie vielfältig es ist: Vom 21. bis 29. Juni 2025 laden "
        "rund zwanzig Vereine, Initiativen und Einrichtungen zu mehr als dreißig Veranstaltungen "
        "ein – zu Festen, Lesungen, Filmen, Konzerten, Werkstätten und Gesprächen. Den Auftakt "
        "macht am Samstag, 21. Juni, um 12 Uhr das Münsterstraßenfest; zum Abschluss wird am "
        "29. Juni im Hoeschpark gefeiert.\n\n"
        "Veranstalter der Internationalen Woche ist der Integrationsrat der Stadt Dortmund. "
        "Fast alle Angebote sind kostenlos – kommen Sie vorbei und bringen Sie Ihre Nachbarn mit!"
    ),
}

EDITION_2027 = {
    "name": "Internationale Woche 2027",
    "slug": "internationale-woche-2027",
    "starts_on": datetime.date(2027, 6, 19),
    "ends_on": datetime.date(2027, 6, 27),
    "submissions_open_at": datetime.datetime(2026, 11, 1, 0, 0, tzinfo=BERLIN),
    "submissions_close_at": datetime.datetime(2027, 4, 30, 23, 59, tzinfo=BERLIN),
    "programme_published": False,
    "intro": (
        "Vom 19. bis 27. Juni 2027 feiert Dortmund die nächste Internationale Woche. Vereine, "
        "Initiativen und Einrichtungen können ihre Veranstaltungen bis zum 30. April 2027 "
        "anmelden; das Programm erscheint im Mai."
    ),
}

# When the organisations sent their events to an edition, and when the office published them.
SUBMITTED = {
    2025: datetime.datetime(2025, 3, 3, 9, 0, tzinfo=BERLIN),
    2027: datetime.datetime(2026, 11, 20, 9, 30, tzinfo=BERLIN),
}
PUBLISHED_2025 = datetime.datetime(2025, 5, 27, 10, 0, tzinfo=BERLIN)

ILLUSTRATION_RIGHTS = "Illustration: Kommunales Integrationszentrum Dortmund (Demo-Inhalt)"

# Events of the 2025 edition. "dates": (day of June 2025, start, end). Optional keys: see
# `_event_fields`. "image": (RGB ground colour, colour name for the description).
EVENTS_2025: list[dict] = [
    {
        "key": "muensterstrassenfest",
        "title": "Münsterstraßenfest: Eröffnung der Internationalen Woche",
        "organisation": "nachbarschaft",
        "venue": "muenster",
        "category": "festival",
        "dates": [(21, "12:00", "20:00")],
        "languages": ["de", "tr", "ar", "pl", "ro", "bg", "ku"],
        "family_friendly": True,
        "target_group": "Für alle",
        "image": ((214, 104, 24), "orangem"),
        "summary": (
            "Die Internationale Woche beginnt mit dem großen Straßenfest: Essen aus vielen "
            "Küchen, Infostände der Vereine und Musik auf der Bühne."
        ),
        "description": (
            "Einen Tag lang gehört die Münsterstraße den Menschen, die hier leben und arbeiten. "
            "Rund 60 Stände laden zum Probieren, Stöbern und Kennenlernen ein – von syrischen "
            "Süßigkeiten bis zu polnischen Piroggen. Vereine und Beratungsstellen stellen sich "
            "vor, auf der Bühne wechseln sich Musik- und Tanzgruppen ab, und für Kinder gibt es "
            "eine Spielstraße mit Hüpfburg und Schminkstand.\n\n"
            "Um 12 Uhr eröffnet der Integrationsrat die Internationale Woche auf der Bühne."
        ),
    },
    {
        "key": "weltfluechtlingstag",
        "title": "Gottesdienst zum Weltflüchtlingstag: „Unterwegs zu Hause“",
        "organisation": "interreligioes",
        "venue": "paulus",
        "category": "faith",
        "dates": [(22, "11:00", "12:30")],
        "languages": ["de", "ar", "fa", "uk"],
        "summary": (
            "Christen, Musliminnen und Juden gedenken gemeinsam der Menschen, die auf der Flucht "
            "ihr Leben verloren haben, und beten für die, die noch unterwegs sind."
        ),
        "description": (
            "Der Weltflüchtlingstag am 20. Juni erinnert an die mehr als hundert Millionen "
            "Menschen, die weltweit vor Krieg, Verfolgung und Not fliehen mussten. Zwei Tage "
            "später lädt der Interreligiöse Arbeitskreis zu einem Gottesdienst ein, der Stimmen "
            "aus verschiedenen Religionen zusammenbringt: Gebete und Texte auf Deutsch, Arabisch, "
            "Persisch und Ukrainisch, Musik vom Chor der Kulturen und ein stilles Gedenken mit "
            "Kerzen.\n\n"
            "Im Anschluss gibt es Tee und Gebäck vor der Kirche."
        ),
    },
    {
        "key": "kinderfest",
        "title": "Kinderfest im Blücherpark",
        "organisation": "kinder",
        "venue": "bluecherpark",
        "category": "family",
        "dates": [(22, "14:00", "18:00")],
        "languages": ["de", "tr", "ar", "ro"],
        "family_friendly": True,
        "age_min": 3,
        "age_max": 12,
        "target_group": "Kinder von 3 bis 12 Jahren und ihre Familien",
        "image": ((46, 139, 87), "grünem"),
        "summary": (
            "Spielmobil, Kinderschminken, Bastelstände und ein Mitmachzirkus: ein Nachmittag für "
            "Kinder aus allen Ecken der Nordstadt."
        ),
        "description": (
            "Das Spielmobil der Kinderfreunde rollt in den Blücherpark. Kinder können auf Stelzen "
            "laufen, jonglieren lernen, Buttons gestalten und sich schminken lassen. Um 16 Uhr "
            "zeigt der Mitmachzirkus, was die jungen Artistinnen und Artisten am Nachmittag geübt "
            "haben. Für die Eltern gibt es Kaffee, Kuchen und Ansprechpersonen der "
            "Familienberatung.\n\n"
            "Bei Regen zieht das Fest ins Dietrich-Keuning-Haus um."
        ),
    },
    {
        "key": "oud",
        "title": "Oud und Poesie: ein arabischer Abend",
        "organisation": "syrisch",
        "venue": "auslandsgesellschaft",
        "category": "music",
        "dates": [(22, "18:00", "20:30")],
        "languages": ["ar", "de"],
        "summary": (
            "Klassische arabische Musik auf der Oud und Gedichte aus Syrien, vorgetragen auf "
            "Arabisch und Deutsch."
        ),
        "description": (
            "Zwei Musiker aus Damaskus und Aleppo spielen Stücke der klassischen arabischen Musik "
            "auf Oud und Qanun. Dazwischen lesen Mitglieder des Kulturhauses Gedichte – alte und "
            "neue, über Liebe, Heimweh und das Ankommen in einer fremden Stadt. Jedes Gedicht ist "
            "auch auf Deutsch zu hören.\n\n"
            "In der Pause gibt es Tee mit Kardamom und syrisches Gebäck. Der Eintritt ist frei, "
            "Spenden sind willkommen."
        ),
    },
    {
        "key": "lesung-zwei-sprachen",
        "title": "Zwei Sprachen, ein Zuhause – mehrsprachige Lesung",
        "organisation": "wortbruecke",
        "venue": "bibliothek",
        "category": "talk",
        "dates": [(23, "18:30", "20:30")],
        "languages": ["de", "tr", "ar", "fa"],
        "summary": (
            "Vier Dortmunder Autorinnen und Autoren lesen Texte, die zwischen zwei Sprachen "
            "entstanden sind, und sprechen über das Schreiben in der neuen Heimat."
        ),
        "description": (
            "Was geschieht mit einer Geschichte, wenn man sie in einer zweiten Sprache erzählt? "
            "Vier Schreibende aus Dortmund – mit Wurzeln in der Türkei, in Syrien, im Iran und im "
            "Ruhrgebiet – lesen Prosa und Lyrik im Original und in deutscher Fassung. Danach "
            "kommen sie mit dem Publikum ins Gespräch."
        ),
    },
    {
        "key": "anerkennung",
        "title": "Online-Infoabend: Wie wird mein Berufsabschluss anerkannt?",
        "organisation": "migrationsberatung",
        "category": "information",
        "attendance": "online",
        "online_url": "https://meet.migrationsberatung-nordstadt.example/anerkennung",
        "dates": [(23, "18:00", "19:30")],
        "languages": ["de", "ar", "uk", "ru", "en"],
        "registration_required": True,
        "registration_info": (
            "Bitte bis 20. Juni online anmelden; der Link zum Videoraum steht auch hier auf der "
            "Seite."
        ),
        "registration_url": "https://migrationsberatung-nordstadt.example/anmeldung/anerkennung",
        "target_group": "Erwachsene mit einem Berufsabschluss aus dem Ausland",
        "summary": (
            "Beraterinnen erklären, wie ausländische Abschlüsse anerkannt werden, welche "
            "Unterlagen nötig sind und wer die Kosten übernehmen kann."
        ),
        "description": (
            "Pflegefachkraft aus der Ukraine, Ingenieur aus Syrien, Erzieherin aus Russland: Wer "
            "in Deutschland im erlernten Beruf arbeiten möchte, braucht oft zuerst eine "
            "Anerkennung. An diesem Abend erklären zwei Beraterinnen Schritt für Schritt, welche "
            "Stelle zuständig ist, welche Unterlagen übersetzt werden müssen und welche Förderung "
            "es gibt. Fragen können im Chat auch auf Arabisch, Ukrainisch, Russisch und Englisch "
            "gestellt werden."
        ),
    },
    {
        "key": "rassismus",
        "title": "Workshop: Rassismus erkennen und widersprechen",
        "organisation": "afrika",
        "venue": "steinwache",
        "category": "workshop",
        "dates": [(23, "17:00", "20:00")],
        "languages": ["de"],
        "age_min": 16,
        "registration_required": True,
        "registration_info": "Höchstens 20 Plätze; Anmeldung per E-Mail an den Verein.",
        "summary": (
            "Für alle, die im Alltag nicht mehr schweigen wollen: Wie erkenne ich Rassismus, und "
            "was kann ich sagen, wenn ich ihn erlebe oder beobachte?"
        ),
        "description": (
            "Die Trainerinnen des Afrika-Forums arbeiten mit Beispielen aus Bus, Schule und "
            "Behörde. In Rollenspielen üben die Teilnehmenden, ruhig und bestimmt zu "
            "widersprechen und Betroffene zu unterstützen. Zum Einstieg gibt es eine kurze "
            "Führung durch die Gedenkstätte Steinwache."
        ),
    },
    {
        "key": "ausstellung-koffer",
        "title": "Ausstellung: Koffer voller Geschichten",
        "organisation": "geschichte",
        "venue": "rathaus",
        "category": "exhibition",
        "dates": [(day, "10:00", "18:00") for day in (23, 24, 25, 26, 27)],
        "languages": ["de"],
        "family_friendly": True,
        "image": ((120, 72, 40), "braunem"),
        "summary": (
            "Zwanzig Koffer, zwanzig Lebenswege: Dortmunderinnen und Dortmunder zeigen, was sie "
            "mitgebracht haben, als sie in die Stadt kamen."
        ),
        "description": (
            "Ein Koffer aus Anatolien von 1964, ein Rucksack aus Aleppo, eine Reisetasche aus "
            "Kyjiw: Für diese Ausstellung hat die Geschichtswerkstatt Menschen gebeten, von den "
            "Dingen zu erzählen, die sie bei ihrer Ankunft in Dortmund dabeihatten. Zu jedem "
            "Koffer gibt es ein Foto und ein kurzes Interview zum Lesen und an Hörstationen zum "
            "Anhören.\n\n"
            "Die Ausstellung ist in der Bürgerhalle des Rathauses zu sehen; Schulklassen können "
            "Führungen vereinbaren."
        ),
    },
    {
        "key": "gastarbeit",
        "title": "Gastarbeit, Heimat, Zukunft: drei Generationen erzählen",
        "organisation": "elternverein",
        "venue": "auslandsgesellschaft",
        "category": "talk",
        "dates": [(24, "19:00", "21:00")],
        "languages": ["de", "tr"],
        "summary": (
            "Großeltern, Eltern und Enkel aus türkeistämmigen Familien erzählen, wie sich ihr "
            "Leben in Dortmund seit dem Anwerbeabkommen von 1961 verändert hat."
        ),
        "description": (
            "1961 unterzeichneten die Bundesrepublik und die Türkei das Anwerbeabkommen; bald "
            "darauf kamen die ersten Arbeiterinnen und Arbeiter in die Dortmunder Zechen und "
            "Stahlwerke. Drei Familien aus der Nordstadt erzählen ihre Geschichte – je eine "
            "Person aus jeder Generation. Eine Historikerin ordnet die Erinnerungen ein.\n\n"
            "Das Gespräch wird auf Deutsch geführt; eine Flüsterübersetzung ins Türkische ist "
            "möglich."
        ),
    },
    {
        "key": "kochwerkstatt",
        "title": "Kochwerkstatt: Syrische Küche zum Mitmachen",
        "organisation": "syrisch",
        "venue": "dkh",
        "category": "workshop",
        "dates": [(24, "17:00", "20:00")],
        "languages": ["ar", "de"],
        "is_free": False,
        "price": "5 € für die Zutaten",
        "age_min": 14,
        "registration_required": True,
        "registration_info": "Höchstens 16 Plätze; bitte per E-Mail anmelden.",
        "summary": (
            "Gemeinsam kochen wir Mujaddara, Fattoush und Halawet el-Jibn – und essen danach "
            "zusammen an einer langen Tafel."
        ),
        "description": (
            "Köchinnen aus dem Kulturhaus zeigen, wie ihre Lieblingsgerichte gelingen, und "
            "verraten die Gewürze, die dabei nicht fehlen dürfen. Alle kochen mit, niemand muss "
            "etwas können. Die Gerichte sind vegetarisch.\n\n"
            "Bitte eine Schürze und eine Dose für Reste mitbringen."
        ),
    },
    {
        "key": "bewerbung",
        "title": "Werkstatt: Bewerben in Deutschland",
        "organisation": "willkommen",
        "venue": "dkh",
        "category": "workshop",
        "dates": [(24, "10:00", "13:00")],
        "languages": ["de", "en", "ar", "fa"],
        "registration_required": True,
        "registration_info": (
            "Anmeldung bis 20. Juni per E-Mail; wer schon einen Lebenslauf hat, bringt ihn bitte "
            "mit."
        ),
        "target_group": "Erwachsene, die in Deutschland Arbeit suchen",
        "summary": (
            "Lebenslauf, Anschreiben, Vorstellungsgespräch: Ehrenamtliche mit Erfahrung in "
            "Personalabteilungen helfen, die eigene Bewerbung fertigzustellen."
        ),
        "description": (
            "In kleinen Gruppen gehen wir durch, was Arbeitgeber in Deutschland in einer "
            "Bewerbung erwarten, und üben ein Vorstellungsgespräch. Wer schon einen Lebenslauf "
            "hat, bekommt eine persönliche Rückmeldung. Laptops und ein Drucker sind vorhanden."
        ),
    },
    {
        "key": "kurzfilme",
        "title": "Kurzfilmabend „Ankommen“",
        "organisation": "filmclub",
        "venue": "kino",
        "category": "film",
        "dates": [(24, "20:00", "22:00")],
        "languages": ["de"],
        "is_free": False,
        "price": "5 €, ermäßigt 3 €",
        "summary": (
            "Junge Filmemacherinnen und Filmemacher aus der Nordstadt zeigen sieben kurze Filme "
            "über erste Tage, alte Koffer und neue Freundschaften."
        ),
        "description": (
            "In einem Projekt des Filmclubs haben Jugendliche ein Jahr lang ihre eigenen "
            "Geschichten vom Ankommen verfilmt – dokumentarisch, als Trickfilm oder als "
            "Spielszene. An diesem Abend laufen die sieben Filme zum ersten Mal auf der großen "
            "Leinwand; danach beantworten die Teams Fragen aus dem Publikum.\n\n"
            "Alle Filme haben deutsche Untertitel."
        ),
    },
    {
        "key": "sprachcafe",
        "title": "Sprachcafé international",
        "organisation": "bibliothek",
        "venue": "bibliothek",
        "category": "workshop",
        "dates": [(24, "16:00", "18:00"), (26, "16:00", "18:00")],
        "languages": ["de", "tr", "ar", "uk", "en"],
        "summary": (
            "Deutsch üben ohne Unterricht: Bei Kaffee und Spielen kommen Menschen ins Gespräch, "
            "die Deutsch lernen, und solche, die es schon sprechen."
        ),
        "description": (
            "Ehrenamtliche Gesprächspartnerinnen und -partner warten an kleinen Tischen; "
            "Themenkarten und Spiele helfen beim Einstieg. Wer möchte, gibt auch die eigene "
            "Sprache weiter – an manchen Tischen wird Türkisch, Arabisch oder Ukrainisch geübt. "
            "Ohne Anmeldung, einfach vorbeikommen."
        ),
    },
    {
        "key": "einbuergerung",
        "title": "Beratungstag Einbürgerung",
        "organisation": "einbuergerung",
        "venue": "dkh",
        "category": "information",
        "dates": [(25, "10:00", "16:00")],
        "languages": ["de", "en", "tr", "ar", "uk", "ru", "fa"],
        "summary": (
            "Was brauche ich für den deutschen Pass? Das Team Einbürgerung beantwortet Fragen "
            "ohne Termin, mit Sprachmittlerinnen und Sprachmittlern für sieben Sprachen."
        ),
        "description": (
            "Seit der Reform des Staatsangehörigkeitsrechts 2024 können sich viele Menschen "
            "schon nach fünf Jahren einbürgern lassen, und die bisherige Staatsangehörigkeit darf "
            "in der Regel bleiben. An diesem Tag erklärt das Team Einbürgerung der Stadt, welche "
            "Voraussetzungen gelten, welche Unterlagen nötig sind und wie der Antrag online "
            "gestellt wird. Ehrenamtliche Sprachmittlerinnen und Sprachmittler helfen bei der "
            "Verständigung.\n\n"
            "Anträge werden an diesem Tag nicht angenommen; Fragen und Unterlagen dürfen Sie "
            "aber gern mitbringen."
        ),
    },
    {
        "key": "maerchen",
        "title": "Märchen aus aller Welt für Kinder",
        "organisation": "kinder",
        "venue": "bibliothek",
        "category": "family",
        "dates": [(25, "11:00", "12:00"), (28, "11:00", "12:00")],
        "languages": ["de", "tr", "ar", "uk"],
        "family_friendly": True,
        "age_min": 4,
        "age_max": 9,
        "target_group": "Kinder von 4 bis 9 Jahren",
        "summary": (
            "Vorleserinnen erzählen Märchen aus der Türkei, aus Syrien und der Ukraine – auf "
            "Deutsch und in der Sprache, aus der das Märchen kommt."
        ),
        "description": (
            "In der Kinderbibliothek machen es sich die Kinder auf Kissen bequem und hören von "
            "klugen Füchsen, mutigen Mädchen und fliegenden Teppichen. Jedes Märchen wird "
            "zweisprachig erzählt; danach malen die Kinder ihre Lieblingsszene."
        ),
    },
    {
        "key": "elternabend",
        "title": "Online-Elternabend: Mehrsprachig aufwachsen",
        "organisation": "elternverein",
        "category": "talk",
        "attendance": "online",
        "online_url": "https://treffen.elternverein-nordstadt.example/mehrsprachig",
        "dates": [(25, "19:00", "20:30")],
        "languages": ["de", "tr"],
        "target_group": "Eltern von Kita- und Schulkindern",
        "summary": (
            "Eine Sprachwissenschaftlerin erklärt, warum die Familiensprache beim Deutschlernen "
            "hilft – mit Zeit für Fragen auf Deutsch und Türkisch."
        ),
        "description": (
            "Sollen wir zu Hause Türkisch oder Deutsch sprechen? Diese Frage stellen sich viele "
            "Eltern. Eine Sprachwissenschaftlerin stellt vor, was die Forschung über "
            "mehrsprachige Kinder weiß, und gibt Tipps für den Alltag: Vorlesen, Medien, "
            "Hausaufgaben. Danach ist Zeit für Fragen.\n\n"
            "Der Vortrag ist auf Deutsch; Fragen können auch auf Türkisch gestellt werden."
        ),
    },
    {
        "key": "chorkonzert",
        "title": "Konzert: Lieder aus aller Welt",
        "organisation": "chor",
        "venue": "reinoldi",
        "category": "music",
        "dates": [(25, "19:30", "21:00")],
        "languages": ["de"],
        "family_friendly": True,
        "image": ((38, 78, 150), "blauem"),
        "summary": (
            "Der Chor der Kulturen singt in der Reinoldikirche Lieder aus 18 Ländern – von der "
            "Ukraine bis Eritrea, von Anatolien bis Chile."
        ),
        "description": (
            "Jedes Chormitglied hat ein Lied aus der eigenen Herkunft mitgebracht, und alle haben "
            "es gemeinsam gelernt. So entsteht ein Konzert, das um die Welt reist: ein "
            "ukrainisches Volkslied, ein Wiegenlied aus Eritrea, ein Liebeslied aus Anatolien, "
            "ein Protestlied aus Chile. Vor jedem Stück erzählt jemand aus dem Chor, was das Lied "
            "ihr oder ihm bedeutet.\n\n"
            "Der Eintritt ist frei; am Ausgang wird für die Arbeit des Chors gesammelt."
        ),
    },
    {
        "key": "ruhrpolen",
        "title": "Ruhrpolen: Lesung und Gespräch",
        "organisation": "polen",
        "venue": "auslandsgesellschaft",
        "category": "talk",
        "dates": [(26, "18:00", "20:00")],
        "languages": ["de", "pl"],
        "summary": (
            "Um 1900 zogen Hunderttausende polnischsprachige Menschen aus dem Osten Preußens ins "
            "Ruhrgebiet. Der Kulturverein „Most“ liest aus Briefen und Erinnerungen dieser Zeit."
        ),
        "description": (
            "Die „Ruhrpolen“ prägten die Zechenstädte: Sie gründeten Vereine, Chöre und "
            "Zeitungen, und viele Familiennamen im Revier erinnern bis heute an sie. Mitglieder "
            "des Kulturvereins lesen aus Briefen, Zeitungsartikeln und Lebenserinnerungen, auf "
            "Polnisch und Deutsch; ein Historiker erzählt, wie es den Familien erging. Danach ist "
            "Zeit für eigene Familiengeschichten – bei polnischem Gebäck."
        ),
    },
    {
        "key": "frauencafe",
        "title": "Frauencafé: Geschichten vom Ankommen",
        "organisation": "frauen",
        "venue": "stjoseph",
        "category": "talk",
        "dates": [(26, "16:00", "18:00")],
        "languages": ["de", "ar", "fa", "ku"],
        "target_group": "Frauen; Kinder werden im Nebenraum betreut",
        "summary": (
            "Frauen aus sechs Ländern erzählen bei Tee und Kuchen, wie sie in Dortmund Fuß "
            "gefasst haben – und was ihnen dabei geholfen hat."
        ),
        "description": (
            "Im Frauencafé Mosaik treffen sich jede Woche Frauen aus aller Welt. Während der "
            "Internationalen Woche öffnen sie ihren Kreis: Sechs Frauen erzählen von ihren "
            "ersten Monaten in Dortmund, von Hindernissen und von Menschen, die ihnen Türen "
            "geöffnet haben. Danach ist Zeit für Gespräche in kleinen Runden."
        ),
    },
    {
        "key": "stickerei",
        "title": "Workshop: Ukrainische Stickerei",
        "organisation": "ukraine",
        "venue": "dkh",
        "category": "workshop",
        "dates": [(26, "15:00", "18:00")],
        "languages": ["uk", "de"],
        "age_min": 10,
        "registration_required": True,
        "registration_info": "Bitte per E-Mail anmelden; das Material wird gestellt.",
        "summary": (
            "Kreuzstich wie auf der Wyschywanka: Ukrainerinnen zeigen alte Muster und ihre "
            "Bedeutung, und alle sticken ein eigenes kleines Stück."
        ),
        "description": (
            "Die Wyschywanka, das bestickte Hemd, gehört in der Ukraine zu Festen und "
            "Feiertagen. Ihre Muster unterscheiden sich von Region zu Region und erzählen von "
            "Schutz, Glück und Herkunft. Im Workshop lernen Sie die Grundstiche und sticken ein "
            "Lesezeichen oder einen Untersetzer zum Mitnehmen.\n\n"
            "Garn, Stoff und Nadeln sind da; Vorkenntnisse braucht es nicht."
        ),
    },
    {
        "key": "ukraine-lesung",
        "title": "Online-Lesung: Neue Literatur aus der Ukraine",
        "organisation": "ukraine",
        "category": "talk",
        "attendance": "online",
        "online_url": "https://live.ukrainische-gemeinschaft.example/lesung",
        "dates": [(26, "19:00", "20:30")],
        "languages": ["uk", "de"],
        "summary": (
            "Zwei ukrainische Autorinnen, die seit 2022 im Ruhrgebiet leben, lesen aus ihren "
            "Büchern – im Original und auf Deutsch, mit Gespräch im Chat."
        ),
        "description": (
            "Wie schreibt man über einen Krieg, der weitergeht, während man selbst in Sicherheit "
            "ist? Zwei Autorinnen aus Charkiw und Odesa lesen Gedichte und Erzählungen aus den "
            "letzten drei Jahren; eine Übersetzerin liest die deutschen Fassungen. Danach "
            "beantworten die Autorinnen Fragen aus dem Chat."
        ),
    },
    {
        "key": "musiknacht",
        "title": "Kurdische Musiknacht",
        "organisation": "kurdisch",
        "venue": "depot",
        "category": "music",
        "dates": [(26, "20:00", "23:30")],
        "languages": ["ku", "de", "tr"],
        "is_free": False,
        "price": "8 €, ermäßigt 5 €",
        "summary": (
            "Saz, Daf und Gesang: Musikerinnen und Musiker aus Dortmund und Köln spielen Lieder "
            "aus allen Teilen Kurdistans – zum Zuhören und zum Tanzen."
        ),
        "description": (
            "Die Nacht beginnt mit leisen Dengbêj-Liedern, in denen Sänger Geschichten erzählen, "
            "und endet mit Govend, dem Reigentanz, zu dem alle eingeladen sind. Zwischen den "
            "Auftritten erzählt der Verein, woher die Lieder kommen.\n\n"
            "Getränke und kleine Speisen gibt es an der Bar des Depots."
        ),
    },
    {
        "key": "podium",
        "title": "Podiumsdiskussion: Wer entscheidet mit?",
        "organisation": "integrationsrat",
        "venue": "rathaus",
        "category": "talk",
        "attendance": "hybrid",
        "online_url": "https://stream.integrationsrat-dortmund.example/podium-2025",
        "dates": [(27, "18:00", "20:00")],
        "languages": ["de"],
        "summary": (
            "Politik und Vereine diskutieren, wie Menschen ohne deutschen Pass in Dortmund "
            "mitreden können – im Ratssaal und im Livestream."
        ),
        "description": (
            "Wer weder einen deutschen noch einen EU-Pass hat, darf den Stadtrat nicht wählen. "
            "Der Integrationsrat ist eine der wenigen Stellen, an denen diese Dortmunderinnen und "
            "Dortmunder mitbestimmen. Auf dem Podium sprechen Mitglieder des Integrationsrats, "
            "Vertreterinnen der Ratsfraktionen und junge Engagierte aus Migrantenorganisationen "
            "darüber, was Mitsprache heute bedeutet und wie sie wachsen kann.\n\n"
            "Fragen können im Saal und im Chat des Livestreams gestellt werden."
        ),
    },
    {
        "key": "persisches-kino",
        "title": "Persisches Kino: Kurzfilme aus Iran und Afghanistan",
        "organisation": "iran",
        "venue": "kino",
        "category": "film",
        "dates": [(27, "19:30", "22:00")],
        "languages": ["fa", "de"],
        "is_free": False,
        "price": "7 €",
        "age_min": 12,
        "summary": (
            "Fünf Kurzfilme junger Regisseurinnen und Regisseure aus Iran und Afghanistan, im "
            "Original mit deutschen Untertiteln, danach ein Gespräch."
        ),
        "description": (
            "Die Filme erzählen vom Alltag zwischen Schule, Familie und Zensur, von Abschieden "
            "und von der Hoffnung auf ein anderes Leben. Nach der Vorführung spricht der Verein "
            "mit einer Dortmunder Filmemacherin, die in Teheran studiert hat, über das "
            "Filmemachen unter schwierigen Bedingungen."
        ),
    },
    {
        "key": "trommeln",
        "title": "Trommelworkshop für Jugendliche",
        "organisation": "afrika",
        "venue": "schule",
        "category": "workshop",
        "dates": [(27, "15:00", "17:00")],
        "languages": ["de", "en", "fr"],
        "age_min": 12,
        "age_max": 18,
        "registration_required": True,
        "registration_info": "Bitte bis 25. Juni per E-Mail anmelden; Trommeln werden gestellt.",
        "target_group": "Jugendliche von 12 bis 18 Jahren",
        "summary": (
            "Djembe-Rhythmen aus Westafrika: In zwei Stunden lernen Jugendliche gemeinsam ein "
            "Stück, das sie am Ende aufführen."
        ),
        "description": (
            "Trommeln kann jede und jeder – und zusammen klingt es am besten. Zwei Trommler aus "
            "Guinea und Ghana zeigen Grundschläge und Rhythmen, erzählen, zu welchen Anlässen bei "
            "ihnen zu Hause getrommelt wird, und studieren mit der Gruppe ein kurzes Stück ein."
        ),
    },
    {
        "key": "fruehstueck",
        "title": "Nachbarschaftsfrühstück am Nordmarkt",
        "organisation": "frauen",
        "venue": "nordmarkt",
        "category": "festival",
        "dates": [(28, "10:00", "12:30")],
        "languages": ["de", "tr", "ar", "bg"],
        "family_friendly": True,
        "summary": (
            "Alle bringen etwas mit: An langen Tischen frühstücken Nachbarinnen und Nachbarn "
            "gemeinsam – mit Simit, Brötchen, Oliven und Pfannkuchen."
        ),
        "description": (
            "Das Frauencafé Mosaik stellt Tische, Bänke, Kaffee und Tee auf den Nordmarkt, alles "
            "andere bringen die Gäste mit. Wer nichts mitbringen kann, ist genauso willkommen. "
            "Eine gute Gelegenheit, die Menschen aus dem eigenen Haus oder der Nachbarstraße "
            "kennenzulernen.\n\n"
            "Bei Regen findet das Frühstück im Gemeindesaal St. Joseph statt."
        ),
    },
    {
        "key": "offene-moschee",
        "title": "Offene Moschee: Führung und Gespräch",
        "organisation": "moschee",
        "venue": "moschee",
        "category": "information",
        "dates": [(28, "11:00", "15:00")],
        "languages": ["de", "tr", "ar"],
        "family_friendly": True,
        "summary": (
            "Die Islamische Gemeinde Nordstadt öffnet ihre Räume: Führungen zu jeder vollen "
            "Stunde, Gespräche über den Glauben und Tee im Hof."
        ),
        "description": (
            "Wie sieht eine Moschee von innen aus, und was geschieht beim Freitagsgebet? "
            "Mitglieder der Gemeinde führen zu jeder vollen Stunde durch Gebetsraum und "
            "Gemeinderäume und beantworten Fragen – auch kritische. Im Hof gibt es Tee und "
            "Gebäck, und die Jugendgruppe zeigt, woran sie gerade arbeitet.\n\n"
            "Im Gebetsraum werden die Schuhe ausgezogen; Tücher liegen für alle bereit, die eines "
            "tragen möchten."
        ),
    },
    {
        "key": "fussballturnier",
        "title": "Nordstadt-Cup: Fußballturnier der Kulturen",
        "organisation": "fc",
        "venue": "sportplatz",
        "category": "sport",
        "dates": [(28, "10:00", "17:00")],
        "languages": ["de", "tr", "ar", "ku", "ti", "so"],
        "family_friendly": True,
        "registration_required": True,
        "registration_info": (
            "Teams mit sechs Spielerinnen und Spielern melden sich bis 20. Juni per E-Mail an. "
            "Zuschauen ohne Anmeldung."
        ),
        "target_group": "Teams ab 16 Jahren; Zuschauende jeden Alters",
        "image": ((96, 140, 30), "hellgrünem"),
        "summary": (
            "16 gemischte Teams aus Vereinen, Schulen und Nachbarschaften spielen um den "
            "Nordstadt-Cup. Zuschauen ist kostenlos, für Kinder gibt es eine Torwand."
        ),
        "description": (
            "Beim Nordstadt-Cup zählt Fairness mehr als Tore: In jedem Team spielen Menschen aus "
            "verschiedenen Herkunftsländern, und mindestens zwei Frauen stehen auf dem Platz. "
            "Gespielt wird sechs gegen sechs auf Kleinfeldern; die Finalspiele beginnen um "
            "15:30 Uhr. Am Rand gibt es Essen vom Grill, eine Torwand für Kinder und Infostände "
            "der Sportvereine aus der Nordstadt."
        ),
    },
    {
        "key": "zeche-zollern",
        "title": "Führung: Kohle, Koffer, Kolonie – Zuwanderung ins Revier",
        "organisation": "geschichte",
        "venue": "zollern",
        "category": "other",
        "dates": [(28, "14:00", "15:30")],
        "languages": ["de"],
        "is_free": False,
        "price": "Museumseintritt 4 €, die Führung ist kostenlos",
        "registration_required": True,
        "registration_info": "Höchstens 25 Personen; Anmeldung bis 26. Juni per E-Mail.",
        "summary": (
            "Ein Rundgang über das Gelände der Zeche Zollern: Wer hat die Zechen des Ruhrgebiets "
            "aufgebaut – von den Ruhrpolen bis zu den Bergleuten aus Anatolien?"
        ),
        "description": (
            "Ohne Zuwanderung hätte es den Bergbau im Ruhrgebiet nie gegeben. Auf dem Rundgang "
            "durch Lohnhalle, Maschinenhalle und die nahe Arbeitersiedlung erzählt die "
            "Geschichtswerkstatt, woher die Bergleute kamen, wie sie wohnten und wie aus Fremden "
            "Nachbarn wurden. Treffpunkt ist das Eingangstor des Museums.\n\n"
            "Aus der Nordstadt fährt man etwa 35 Minuten mit Bus und Bahn."
        ),
    },
    {
        "key": "blasmusik",
        "title": "Blasmusik vom Balkan im Fredenbaumpark",
        "organisation": "roma",
        "venue": "fredenbaum",
        "category": "music",
        "dates": [(28, "18:00", "21:30")],
        "languages": ["ro", "bg", "de"],
        "family_friendly": True,
        "summary": (
            "Die Blaskapelle des Vereins für Roma-Kultur und Bildung spielt Hochzeitsmusik aus "
            "Rumänien und Bulgarien – mit Tanz vor dem Musikpavillon."
        ),
        "description": (
            "Trompeten, Tuba, Klarinette und Trommeln: In der Blaskapelle spielen Jugendliche und "
            "Erwachsene aus der Nordstadt, die seit drei Jahren zusammen proben. Sie spielen die "
            "schnellen Stücke, zu denen in Rumänien und Bulgarien auf Hochzeiten getanzt wird, "
            "und dazwischen langsame Lieder der Roma. Wer mag, lernt vor dem Pavillon die "
            "Schritte der Hora.\n\n"
            "Bitte Decken oder Klappstühle mitbringen."
        ),
    },
    {
        "key": "tanzabend",
        "title": "Griechischer Tanzabend",
        "organisation": "griechisch",
        "venue": "dkh",
        "category": "music",
        "dates": [(28, "19:00", "23:00")],
        "languages": ["el", "de"],
        "is_free": False,
        "price": "10 € mit Buffet",
        "registration_info": "Plätze können per E-Mail reserviert werden.",
        "summary": (
            "Live-Musik mit Bouzouki, ein Tanzkurs für Einsteigerinnen und Einsteiger und "
            "griechische Küche – ein Abend zum Mitfeiern."
        ),
        "description": (
            "Zu Beginn zeigt die Tanzgruppe des Kulturkreises Tänze aus Kreta, Makedonien und "
            "von den Inseln. Danach bringt sie allen im Saal die Grundschritte bei, bevor die "
            "Band bis in den späten Abend spielt. Am Buffet gibt es Moussaka, Gemüsegerichte und "
            "Süßes."
        ),
    },
    {
        "key": "hoeschparkfest",
        "title": "Hoeschparkfest: Abschluss der Internationalen Woche",
        "organisation": "integrationsrat",
        "venue": "hoeschpark",
        "category": "festival",
        "dates": [(29, "12:00", "19:00")],
        "languages": ["de", "tr", "ar", "pl", "uk", "ro", "ku", "el"],
        "family_friendly": True,
        "target_group": "Für alle",
        "image": ((110, 52, 140), "violettem"),
        "summary": (
            "Zum Ende der Woche feiert die Nordstadt im Hoeschpark: Bühnenprogramm, Spiele, Essen "
            "aus vielen Ländern und Mitmachaktionen für die ganze Familie."
        ),
        "description": (
            "Am letzten Tag der Internationalen Woche wird der Hoeschpark zum Festplatz. Auf der "
            "Bühne treten Gruppen auf, die während der Woche dabei waren – vom Chor der Kulturen "
            "bis zur Blaskapelle. Vereine bieten Speisen und Getränke an, Kinder können auf der "
            "Spielwiese klettern, malen und Sackhüpfen. Um 17 Uhr dankt der Integrationsrat allen "
            "Beteiligten und lädt zur nächsten Internationalen Woche ein.\n\n"
            "Anfahrt: Eingang Kirchderner Straße, Haltestelle Hoeschpark."
        ),
    },
    {
        "key": "stadtspaziergang",
        "title": "Stadtspaziergang: Die Nordstadt in vielen Sprachen",
        "organisation": "willkommen",
        "venue": "nordmarkt",
        "category": "other",
        "dates": [(29, "10:30", "12:00")],
        "languages": ["de", "en", "ar", "fa", "uk", "ti"],
        "summary": (
            "Ehrenamtliche, die selbst einmal neu in Dortmund waren, zeigen ihre Lieblingsorte in "
            "der Nordstadt – in kleinen Gruppen und in sechs Sprachen."
        ),
        "description": (
            "Wo gibt es das beste Fladenbrot, wo werden Fahrräder kostenlos repariert, wo hilft "
            "jemand beim Brief vom Amt? Die Gruppen gehen auf Deutsch, Englisch, Arabisch, "
            "Persisch, Ukrainisch und Tigrinya los. Treffpunkt ist die Mitte des Nordmarkts (Schild "
            "„Internationale Woche“); nach anderthalb Stunden ist der Spaziergang zurück am "
            "Ausgangspunkt – rechtzeitig für das Hoeschparkfest."
        ),
    },
    # Two cancellations, to show how a cancelled event looks in the programme and the feeds.
    {
        "key": "open-air-kino",
        "title": "Open-Air-Kino am Nordmarkt",
        "organisation": "filmclub",
        "venue": "nordmarkt",
        "category": "film",
        "dates": [(27, "21:30", "23:30")],
        "languages": ["de"],
        "family_friendly": True,
        "state": "cancelled",
        "cancellation_note": (
            "Für Freitagabend ist ein Unwetter angekündigt; die Vorführung fällt deshalb aus. "
            "Wir holen sie im August nach."
        ),
        "summary": (
            "Wenn es dunkel wird, zeigt der Filmclub auf großer Leinwand eine Familienkomödie "
            "über das Ankommen in einer neuen Stadt – mit Liegestühlen und Popcorn."
        ),
        "description": (
            "Der Filmclub verwandelt den Nordmarkt für einen Abend in ein Freiluftkino. "
            "Liegestühle sind begrenzt; eigene Decken sind willkommen. Der Film läuft auf Deutsch "
            "mit englischen Untertiteln."
        ),
    },
    {
        "key": "radtour",
        "title": "Radtour: Vom Hafen zum Phoenix-See",
        "organisation": "willkommen",
        "venue": "dkh",
        "category": "sport",
        "dates": [(28, "10:00", "14:00")],
        "languages": ["de", "en", "ar", "fa"],
        "registration_required": True,
        "registration_info": "Anmeldung per E-Mail; bitte angeben, ob Sie ein Leihrad brauchen.",
        "state": "cancelled",
        "cancellation_note": (
            "Die Tour fällt leider aus: Die Leihräder aus unserer Werkstatt sind nicht "
            "rechtzeitig fertig geworden."
        ),
        "summary": (
            "Eine gemütliche Tour von 25 Kilometern an Kanal und Emscher entlang, für alle, die "
            "Dortmund mit dem Rad kennenlernen wollen. Leihräder sind vorhanden."
        ),
        "description": (
            "Start ist am Dietrich-Keuning-Haus. Unterwegs erklären Ehrenamtliche die wichtigsten "
            "Verkehrsregeln für Radfahrende und zeigen Radwege, die man im Alltag nutzen kann."
        ),
    },
]

# The next edition: three events from two organisations at different steps of the review.
EVENTS_2027: list[dict] = [
    {
        "key": "muensterstrassenfest-2027",
        "title": "Münsterstraßenfest 2027",
        "organisation": "nachbarschaft",
        "venue": "muenster",
        "category": "festival",
        "state": "draft",
        "dates": [(datetime.date(2027, 6, 19), "12:00", "20:00")],
        "languages": ["de", "tr", "ar", "pl"],
        "family_friendly": True,
        "summary": "Das Straßenfest zur Eröffnung der Internationalen Woche 2027.",
        "description": (
            "Stände, Bühne und Spielstraße wie im letzten Jahr. Das Bühnenprogramm wird noch "
            "zusammengestellt."
        ),
    },
    {
        "key": "flohmarkt-2027",
        "title": "Nachbarschaftsflohmarkt am Nordmarkt",
        "organisation": "nachbarschaft",
        "venue": "nordmarkt",
        "category": "other",
        "state": "changes_requested",
        "dates": [(datetime.date(2027, 6, 20), "10:00", "16:00")],
        "languages": ["de", "tr", "bg"],
        "family_friendly": True,
        "summary": (
            "Stöbern, tauschen, kennenlernen: Nachbarinnen und Nachbarn verkaufen, was sie nicht "
            "mehr brauchen."
        ),
        "description": "Etwa 40 Stände von Privatleuten; Kinder verkaufen kostenlos.",
        "messages": [
            (
                "organisation",
                "submitted",
                "Wie beim letzten Mal möchten wir den Flohmarkt am Sonntag nach dem Straßenfest "
                "machen. Wir rechnen mit etwa 40 Ständen.",
            ),
            (
                "office",
                "changes_requested",
                "Vielen Dank für Ihre Anmeldung! Damit wir den Flohmarkt ins Programm aufnehmen "
                "können, ergänzen Sie bitte noch: Wer ist am Tag selbst ansprechbar, und was "
                "geschieht bei starkem Regen? Bitte schreiben Sie uns außerdem, ob die "
                "Sondernutzung des Nordmarkts schon beim Ordnungsamt beantragt ist.",
            ),
            ("internal", "", "Ordnungsamt vorab informiert: Der Nordmarkt ist an dem Tag frei."),
        ],
    },
    {
        "key": "charkiw-2027",
        "title": "Lesung: Briefe nach Charkiw",
        "organisation": "ukraine",
        "venue": "proposed",
        "category": "talk",
        "state": "submitted",
        "dates": [(datetime.date(2027, 6, 23), "18:00", "20:00")],
        "languages": ["uk", "de"],
        "summary": (
            "Eine Autorin liest aus Briefen, die sie seit 2022 an ihre Nachbarn in Charkiw "
            "schreibt – auf Ukrainisch und Deutsch."
        ),
        "description": (
            "Die Briefe erzählen vom Ankommen in Dortmund und vom Alltag der Zurückgebliebenen. "
            "Nach der Lesung gibt es ukrainischen Tee und Zeit für Gespräche."
        ),
        "messages": [
            (
                "organisation",
                "submitted",
                "Den Raum kennen Sie noch nicht: Es ist unser Vereinstreff, dort haben bis zu 40 "
                "Personen Platz.",
            ),
        ],
    },
]

# The centre's own events all year round, dated relative to the day the demo is loaded:
# "dates": (days from today, start, end).
YEAR_ROUND: list[dict] = [
    {
        "key": "sprachmittlung",
        "title": "Infoabend: Ehrenamtlich dolmetschen im Sprachmittlungspool",
        "organisation": None,
        "venue": "dkh",
        "category": "information",
        "dates": [(7, "18:00", "19:30")],
        "languages": ["de"],
        "summary": (
            "Sie sprechen Deutsch und eine weitere Sprache? Der Sprachmittlungspool sucht "
            "Ehrenamtliche, die bei Elterngesprächen, Arztbesuchen und Behördenterminen "
            "vermitteln."
        ),
        "description": (
            "Das Kommunale Integrationszentrum stellt den ehrenamtlichen Sprachmittlungspool "
            "vor: wie Einsätze vermittelt werden, welche Schulung es gibt und wie Ehrenamtliche "
            "begleitet werden. Erfahrene Sprachmittlerinnen und Sprachmittler erzählen aus ihrer "
            "Praxis. Eine Anmeldung ist nicht nötig."
        ),
    },
    {
        "key": "deutsch-treff",
        "title": "Deutsch-Treff für Neuangekommene",
        "organisation": "willkommen",
        "venue": "auslandsgesellschaft",
        "category": "workshop",
        "dates": [(9, "10:00", "12:00"), (16, "10:00", "12:00"), (23, "10:00", "12:00")],
        "languages": ["de", "en", "ar", "uk"],
        "summary": (
            "Deutsch sprechen im Alltag: einkaufen, Termine machen, nach dem Weg fragen – in "
            "kleinen Gruppen mit Ehrenamtlichen, ohne Anmeldung und kostenlos."
        ),
        "description": (
            "Der Treff ergänzt Sprach- und Integrationskurse: Hier wird geübt, was im Kurs zu "
            "kurz kommt, nämlich sprechen. Alle Niveaus sind willkommen."
        ),
    },
    {
        "key": "lesekreis",
        "title": "Lesekreis international: Bücher aus vielen Sprachen",
        "organisation": "wortbruecke",
        "venue": "bibliothek",
        "category": "talk",
        "dates": [(14, "18:00", "20:00")],
        "languages": ["de"],
        "summary": (
            "Einmal im Monat sprechen Leserinnen und Leser über ein Buch, das zuerst in einer "
            "anderen Sprache als Deutsch erschienen ist. Neue Gesichter sind willkommen."
        ),
        "description": (
            "Diesmal geht es um einen Roman über eine Familie, die zwischen zwei Ländern pendelt. "
            "Wer das Buch nicht ganz geschafft hat, kommt trotzdem – oft entstehen die besten "
            "Gespräche über einzelne Kapitel."
        ),
    },
    {
        "key": "integrationsrat-sitzung",
        "title": "Öffentliche Sitzung des Integrationsrats",
        "organisation": "integrationsrat",
        "venue": "rathaus",
        "category": "information",
        "attendance": "hybrid",
        "online_url": "https://stream.integrationsrat-dortmund.example/sitzung",
        "dates": [(21, "17:00", "19:30")],
        "languages": ["de"],
        "summary": (
            "Der Integrationsrat berät über Anträge aus der Stadtgesellschaft. Besucherinnen und "
            "Besucher sind willkommen; die Sitzung wird auch im Internet übertragen."
        ),
        "description": (
            "Auf der Tagesordnung stehen unter anderem Zuschüsse für Projekte von "
            "Migrantenorganisationen und die Planung der nächsten Internationalen Woche. Die "
            "Tagesordnung wird eine Woche vorher veröffentlicht."
        ),
    },
    {
        "key": "wir-alle",
        "title": "Werkstattabend: Wir alle sind Dortmund",
        "organisation": None,
        "venue": "dkh",
        "category": "workshop",
        "dates": [(35, "18:00", "20:30")],
        "languages": ["de"],
        "registration_required": True,
        "registration_info": "Bitte bis eine Woche vorher per E-Mail an das Integrationszentrum.",
        "summary": (
            "Wie soll die Kampagne „Wir alle sind Dortmund“ im nächsten Jahr aussehen? Vereine, "
            "Schulen und Nachbarschaften sammeln Ideen für Plakate, Aktionen und Geschichten."
        ),
        "description": (
            "In kleinen Gruppen entwickeln wir Ideen, wie die Kampagne mehr Menschen erreicht, "
            "und wer dabei mitmachen möchte. Für Essen und Getränke ist gesorgt."
        ),
    },
]

LATE_ACCESS = {
    "organisation": "fc",
    "code": "FUSSBALL27",
    "valid_until": datetime.datetime(2027, 5, 31, 23, 59, tzinfo=BERLIN),
    "max_uses": 1,
    "note": "Fußballturnier: Der Platz ist erst im Mai bestätigt.",
}


# -- loading ----------------------------------------------------------------------------------


def load_events_demo(centre: Centre) -> None:
    """Organisations, venues, both editions and the year-round events of `centre`.

    New rows are inserted in bulk and added to the search index once at the end: indexing
    each row as it is saved would make this the slowest part of `load_demo`.
    """
    locales = _locales()
    german = locales[settings.LANGUAGE_CODE]
    organisations = _organisations(centre)
    venues, new_venues = _venues(centre, organisations)
    existing = {
        (event.edition_id, event.title): event
        for event in Event.objects.filter(centre=centre, locale=german)
    }
    past = _edition(centre, EDITION_2025, EDITION_INTROS)
    upcoming = _edition(centre, EDITION_2027, {})
    today = timezone.localdate()

    wanted: list[tuple[Edition | None, dict, list, int | None]] = []
    for number, spec in enumerate(EVENTS_2025):
        when = [_at(datetime.date(2025, 6, day), s, e) for day, s, e in spec["dates"]]
        wanted.append((past, spec, when, 100 + number))
    for spec in EVENTS_2027:
        wanted.append((upcoming, spec, [_at(*date) for date in spec["dates"]], None))
    for spec in YEAR_ROUND:
        when = [_at(today + datetime.timedelta(days=n), s, e) for n, s, e in spec["dates"]]
        wanted.append((None, spec, when, None))

    events, new_events, dates, messages = {}, [], [], []
    for edition, spec, when, seed in wanted:
        event = existing.get((edition.pk if edition else None, spec["title"]))
        if event is None:
            event = _event(centre, edition, spec, organisations, venues, german, seed)
            new_events.append(event)
            dates += [EventDate(event=event, start=s, end=e) for s, e in when]
            messages += _messages(centre, event, spec)
        elif edition is None:
            _keep_ahead(event, when)
        events[spec["key"]] = event
    Event.objects.bulk_create(new_events)
    EventDate.objects.bulk_create(dates)
    for message in messages:
        # one by one: the thread is ordered by the moment each message was saved
        message.save()
    translations = _translations(centre, events, locales)

    AccessCode.objects.get_or_create(
        centre=centre,
        edition=upcoming,
        organisation=organisations[LATE_ACCESS["organisation"]],
        defaults={k: LATE_ACCESS[k] for k in ("code", "valid_until", "max_uses", "note")},
    )
    for backend in get_search_backends(with_auto_update=True):
        if new_venues:
            backend.add_bulk(Venue, new_venues)
        if new_events or translations:
            backend.add_bulk(Event, new_events + translations)


def _locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def _organisations(centre: Centre) -> dict[str, Organisation]:
    known = {o.name: o for o in Organisation.objects.filter(centre=centre)}
    made = {}
    for key, spec in ORGANISATIONS.items():
        organisation = known.get(spec["name"])
        if organisation is None:
            domain = spec.get("domain", "")
            organisation = Organisation.objects.create(
                centre=centre,
                name=spec["name"],
                kind=spec["kind"],
                description=spec["description"],
                website=spec.get("website", f"https://{domain}" if domain else ""),
                email=spec.get("email", f"kontakt@{domain}"),
                contact_name=spec["contact_name"],
            )
        made[key] = organisation
    return made


def _venues(centre: Centre, organisations) -> tuple[dict[str, Venue], list[Venue]]:
    """The demo's venues by key, and those of them made now."""
    known = {v.name: v for v in Venue.objects.filter(centre=centre)}
    venues, new = {}, []
    for key, row in VENUES.items():
        name, street, postcode, district, lat, lon, step_free, toilet, loop, notes = row
        venues[key] = known.get(name) or Venue(
            centre=centre,
            name=name,
            street=street,
            postcode=postcode,
            district=district,
            latitude=lat,
            longitude=lon,
            step_free=step_free,
            accessible_toilet=toilet,
            induction_loop=loop,
            accessibility_notes=notes,
        )
    venues["proposed"] = known.get(PROPOSED_VENUE["name"]) or Venue(
        centre=centre, verified=False, proposed_by=organisations["ukraine"], **PROPOSED_VENUE
    )
    new = [venue for venue in venues.values() if venue.pk is None]
    Venue.objects.bulk_create(new)
    return venues, new


def _edition(centre: Centre, spec: dict, intros: dict[str, str]) -> Edition:
    edition, _created = Edition.objects.get_or_create(
        centre=centre,
        slug=spec["slug"],
        defaults={k: v for k, v in spec.items() if k != "slug"},
    )
    have = set(edition.intros.values_list("language", flat=True))
    EditionIntro.objects.bulk_create(
        EditionIntro(edition=edition, language=language, text=text)
        for language, text in intros.items()
        if language not in have
    )
    return edition


def _at(day: datetime.date, start: str, end: str) -> tuple[datetime.datetime, datetime.datetime]:
    def moment(clock: str) -> datetime.datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.datetime.combine(day, datetime.time(hour, minute), BERLIN)

    return moment(start), moment(end)


def _event(centre, edition, spec, organisations, venues, locale, seed) -> Event:
    """The unsaved original of one event, as its organisation would have entered it."""
    state = spec.get("state", Event.State.PUBLISHED)
    organisation = organisations[spec["organisation"]] if spec["organisation"] else None
    public = state in Event.PUBLIC_STATES
    if edition is None:
        # the centre's own events: published the moment the demo is loaded
        submitted_at = published_at = timezone.now()
    else:
        draft = state == Event.State.DRAFT
        submitted_at = None if draft else SUBMITTED[edition.starts_on.year]
        published_at = PUBLISHED_2025 if public else None
    image, image_alt, image_rights = None, "", ""
    if "image" in spec:
        from mia.website.demo.loader import _illustration

        colour, colour_name = spec["image"]
        image = _illustration(spec["title"], colour, seed)
        image_alt = f"Abstrakte Illustration: helle Kreise auf {colour_name} Grund"
        image_rights = ILLUSTRATION_RIGHTS
    return Event(
        centre=centre,
        locale=locale,
        edition=edition,
        organisation=organisation,
        state=state,
        title=spec["title"],
        summary=spec["summary"],
        description=spec.get("description", ""),
        category=spec["category"],
        venue=venues[spec["venue"]] if spec.get("venue") else None,
        attendance=spec.get("attendance", "on_site"),
        online_url=spec.get("online_url", ""),
        languages=spec["languages"],
        is_free=spec.get("is_free", True),
        price=spec.get("price", ""),
        target_group=spec.get("target_group", ""),
        age_min=spec.get("age_min"),
        age_max=spec.get("age_max"),
        family_friendly=spec.get("family_friendly", False),
        registration_required=spec.get("registration_required", False),
        registration_info=spec.get("registration_info", ""),
        registration_url=spec.get("registration_url", ""),
        contact_email=organisation.email if organisation else centre.email,
        image=image,
        image_alt=image_alt,
        image_rights=image_rights,
        cancellation_note=spec.get("cancellation_note", ""),
        # a cancellation is a change that calendars already holding the event must pick up
        sequence=1 if state == Event.State.CANCELLED else 0,
        submitted_at=submitted_at,
        published_at=published_at,
    )


def _messages(centre: Centre, event: Event, spec: dict) -> list[EventMessage]:
    """The event's thread: what the organisation and the office said, and internal notes."""
    said = list(spec.get("messages", []))
    if event.state == Event.State.CANCELLED:
        said.append(("organisation", event.state, event.cancellation_note))
    return [
        EventMessage(
            centre=centre,
            event=event,
            from_office=author != "organisation",
            internal=author == "internal",
            state=state,
            body=body,
        )
        for author, state, body in said
    ]


def _translations(centre: Centre, events: dict[str, Event], locales) -> list[Event]:
    """The translation rows still missing, saved; untranslated text stays empty, so readers
    fall back to the original's."""
    have = set(
        Event.objects.filter(centre=centre)
        .exclude(locale=locales[settings.LANGUAGE_CODE])
        .values_list("translation_key", "locale_id")
    )
    rows = []
    for key, languages in EVENT_TRANSLATIONS.items():
        event = events[key]
        for code, fields in languages.items():
            if (event.translation_key, locales[code].pk) in have:
                continue
            translation = event.copy_for_translation(locales[code])
            for field in Event.TRANSLATED_TEXT:
                setattr(translation, field, fields.get(field, ""))
            rows.append(translation)
    return Event.objects.bulk_create(rows)


def _keep_ahead(event: Event, when: list[tuple[datetime.datetime, datetime.datetime]]) -> None:
    """Move a year-round event to its dates relative to today once all its dates are past."""
    last = event.dates.aggregate(last=Max("end"))["last"]
    if last is not None and last > timezone.now():
        return
    event.dates.all().delete()
    EventDate.objects.bulk_create(EventDate(event=event, start=s, end=e) for s, e in when)
    event.sequence += 1
    event.save(update_fields=["sequence", "updated_at"])
