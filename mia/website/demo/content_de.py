"""Dortmund's demo content in German, written for MIA from the facts of the centre's start page.

No personal data: contacts are teams and the centre's general address.
"""

CENTRE = {
    "name": "Kommunales Integrationszentrum Dortmund",
    "short_name": "MIA-DO-KI",
    "slug": "dortmund",
    "authority": "Stadt Dortmund, Amt für Angelegenheiten des Oberbürgermeisters und des Rates",
    "street": "",
    "postcode": "44122",
    "city": "Dortmund",
    "email": "mia-do-ki@stadtdo.example",
    "phone": "0231 50-0",
    "office_hours": "Montag bis Donnerstag 9 bis 15 Uhr\nFreitag 9 bis 12 Uhr\nund nach Vereinbarung",
}

CONTACTS = {
    "team": ("Team MIA-DO-KI", "Allgemeine Anfragen an das Integrationszentrum"),
    "pool": (
        "Team Sprachmittlungspool",
        "Einsätze ehrenamtlicher Sprachmittlerinnen und Sprachmittler",
    ),
    "council": (
        "Geschäftsstelle des Integrationsrats",
        "Sitzungen, Anträge und Termine des Integrationsrats",
    ),
    "komman": ("Team KOMM-AN NRW", "Beratung zu Förderanträgen"),
}

HOME = {
    "title": "Startseite",
    "claim": "In Dortmund wird Integration gelebt",
    "intro": (
        "<p>Das Kommunale Integrationszentrum Dortmund (MIA-DO-KI) gehört zum Amt für "
        "Angelegenheiten des Oberbürgermeisters und des Rates. Wir wollen zeigen, dass Integration "
        "eine vielfältige Aufgabe ist, die alle gemeinsam tragen. Zusammen mit Politik, Verwaltung, "
        "Verbänden und Migrantenselbstorganisationen entwickeln, fördern und begleiten wir "
        "Angebote, die das Zusammenleben in Dortmund stärken.</p>"
        "<p>Wir bringen engagierte Menschen innerhalb und außerhalb der Verwaltung zusammen, damit "
        "Integrationsprojekte in der Stadt allen zugutekommen.</p>"
    ),
    "strands": [
        (
            "Integration als Querschnittsaufgabe",
            "Integration betrifft jedes Amt und jede Einrichtung. Wir unterstützen die Verwaltung "
            "dabei, sich interkulturell zu öffnen und Vielfalt in allen Bereichen mitzudenken.",
        ),
        (
            "Integration durch Bildung",
            "Von der Kita bis zum Beruf: Wir begleiten Kinder, Jugendliche und Familien mit "
            "Einwanderungsgeschichte und arbeiten dafür eng mit Schulen und Bildungsträgern zusammen.",
        ),
    ],
    "council_note": (
        "Auch die Geschäftsstelle des Integrationsrats der Stadt Dortmund ist bei uns angesiedelt. "
        "So entstehen viele Projekte in enger Zusammenarbeit."
    ),
}

NEWS_INDEX = {
    "title": "Aktuelles",
    "slug": "aktuelles",
    "intro": "<p>Neuigkeiten aus der Arbeit des Kommunalen Integrationszentrums.</p>",
}

NEWS = [
    {
        "slug": "internationale-woche-startet-mit-dem-muensterstrassenfest",
        "title": "Internationale Woche startet mit dem Münsterstraßenfest",
        "date": (6, 10),
        "teaser": (
            "Vom 21. bis 29. Juni laden rund 20 Organisationen, Vereine und Initiativen zu mehr "
            "als 30 Veranstaltungen ein."
        ),
        "image_alt": "Bunte Kreise auf blauem Grund als Zeichen für die Vielfalt der Stadt",
        "colour": (28, 78, 157),
        "body": [
            (
                "paragraph",
                "<p>Die Internationale Woche zeigt wieder, wie lebendig, kreativ und vielfältig "
                "Dortmund ist. Vom 21. bis zum 29. Juni stellen rund 20 Organisationen, Vereine "
                "und Initiativen mehr als 30 Veranstaltungen auf die Beine.</p>",
            ),
            (
                "paragraph",
                "<p>Den Auftakt macht das Münsterstraßenfest am Samstag, 21. Juni, ab 12 Uhr. Wer "
                "mag, lernt an diesen Tagen Kulturen und Bräuche aus vielen Ländern aus erster Hand "
                "kennen.</p>",
            ),
            (
                "callout",
                {
                    "heading": "Programmheft",
                    "text": "<p>Das digitale Programmheft der Internationalen Woche erscheint in "
                    "Kürze hier zum Herunterladen.</p>",
                },
            ),
            (
                "paragraph",
                "<p>Veranstalter der Internationalen Woche ist der Integrationsrat der Stadt "
                "Dortmund.</p>",
            ),
        ],
    },
    {
        "slug": "einbuergerungsfeier-identifikation-durch-mitgestaltung",
        "title": "Einbürgerung wird gefeiert: „Identifikation durch Mitgestaltung“",
        "date": (5, 6),
        "teaser": (
            "Rund 250 Gäste kamen am Montag, 5. Mai, zur jährlichen Einbürgerungsfeier der Stadt."
        ),
        "image_alt": "Stilisierte Hände in warmen Farben, die sich über einem Kreis treffen",
        "colour": (176, 64, 32),
        "body": [
            (
                "paragraph",
                "<p>Am Montag, 5. Mai, hießen der Oberbürgermeister und die stellvertretende "
                "Vorsitzende des Integrationsrats rund 250 neue Staatsangehörige bei der jährlichen "
                "Einbürgerungsfeier willkommen.</p>",
            ),
            ("heading", "Mehr als 1.000 Einbürgerungen mehr als im Vorjahr"),
            (
                "paragraph",
                "<p>Im Jahr 2024 haben in Dortmund genau 3.953 Männer, Frauen und Kinder die "
                "deutsche Staatsangehörigkeit angenommen – über 1.000 mehr als im Jahr davor. "
                "Die meisten von ihnen haben syrische (1.507), türkische (373), irakische (175), "
                "marokkanische (141), ukrainische (123) oder polnische (113) Wurzeln.</p>",
            ),
            (
                "paragraph",
                "<p>Mit der Einbürgerung zeigen sie, dass sie die Stadt und das Land mitgestalten "
                "wollen. Die Feier richtet das Kommunale Integrationszentrum gemeinsam mit seinen "
                "Partnern aus.</p>",
            ),
        ],
    },
]

TOPICS = [
    {
        "slug": "masterplan-migration-integration",
        "title": "Masterplan Migration/Integration",
        "teaser": "Das Integrationskonzept der Stadt Dortmund und wie es weiterentwickelt wird.",
        "intro": (
            "<p>Seit 2005 arbeitet Dortmund an einem gemeinsamen Verständnis von Integration. "
            "2013 hat der Rat den Masterplan Migration/Integration beschlossen und zugleich das "
            "Kommunale Integrationszentrum gegründet.</p>"
        ),
        "body": [
            ("heading", "Vom Leitbild zur Querschnittsaufgabe"),
            (
                "paragraph",
                "<p>Zuerst ging es um Begriffe, ein Leitbild und Netzwerke. Danach wurde Integration "
                "zur Aufgabe der ganzen Verwaltung, geordnet in strategische Handlungsfelder wie "
                "Bildung sowie Arbeit und Unternehmen.</p>",
            ),
            (
                "paragraph",
                "<p>Heute entwickelt die Stadt den Masterplan im Rahmen ihrer Verwaltungsstrategie "
                "weiter und fördert Projekte: Fachveranstaltungen, Workshops, Arbeit gegen "
                "Diskriminierung, Dialogforen und interreligiöse Begegnungen.</p>",
            ),
        ],
        "contacts": ["team"],
    },
    {
        "slug": "komm-an-nrw",
        "title": "KOMM-AN NRW",
        "teaser": "Landesförderung für Initiativen, die geflüchtete Menschen begleiten.",
        "intro": (
            "<p>Mit dem Landesprogramm KOMM-AN NRW unterstützt das Land Nordrhein-Westfalen das "
            "Ankommen und Zusammenleben vor Ort. Das Integrationszentrum berät Vereine und "
            "Initiativen und leitet Fördermittel weiter.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p>Gefördert werden zum Beispiel Begegnungsorte, Angebote von Ehrenamtlichen und "
                "kleine Anschaffungen, die das Engagement erleichtern. Sprechen Sie uns an, bevor "
                "Sie einen Antrag stellen: Wir klären mit Ihnen, was förderfähig ist.</p>",
            ),
        ],
        "contacts": ["komman"],
    },
    {
        "slug": "integration-interkommunal",
        "title": "Integration.Interkommunal",
        "teaser": "Zehn Städte im Ruhrgebiet arbeiten gemeinsam an interkultureller Öffnung.",
        "intro": (
            "<p>Seit 2008 arbeiten Städte im Ruhrgebiet in der Integration zusammen. 2010 "
            "unterzeichneten Bochum, Duisburg, Dortmund, Essen, Mülheim an der Ruhr und "
            "Oberhausen den Vertrag „Interkulturelle Städteregion Ruhr“.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p>Später kamen Gelsenkirchen, Herne und Bottrop hinzu; seit dem 27. November 2023 "
                "ist Hagen das zehnte Mitglied.</p>",
            ),
            (
                "paragraph",
                "<p>Gemeinsame Themen sind die interkulturelle Öffnung der Verwaltungen, eine "
                "vielfaltsbewusste Personalpolitik, eine Belegschaft, die die Bevölkerung "
                "widerspiegelt, und eine gelebte Willkommenskultur.</p>",
            ),
        ],
        "contacts": ["team"],
    },
    {
        "slug": "migrationsberatung",
        "title": "Migrationsberatung und Jugendmigrationsdienste",
        "teaser": "Kostenlose Beratung für Erwachsene und junge Menschen mit Einwanderungsgeschichte.",
        "intro": (
            "<p>Die Migrationsberatung für erwachsene Zugewanderte (MBE) und die "
            "Jugendmigrationsdienste (JMD) beraten kostenlos und vertraulich: zu Sprache, Arbeit, "
            "Wohnen, Familie und Behörden.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p>Die Beratungsstellen werden von Wohlfahrtsverbänden und anderen Trägern "
                "betrieben. Die Jugendmigrationsdienste sind für junge Menschen von 12 bis 27 Jahren "
                "da, die Migrationsberatung für Erwachsene ab 27 Jahren.</p>",
            ),
            # the finder's three questions; the answers open /beratung/
            ("counselling_finder", {"heading": "Beratungsstelle in Ihrer Nähe finden"}),
        ],
        "contacts": ["team"],
    },
    {
        "slug": "wir-alle-sind-dortmund",
        "title": "Wir ALLE sind Dortmund",
        "teaser": "Eine Kampagne für Toleranz und ein gutes Miteinander in der Stadt.",
        "intro": (
            "<p>Die Kampagne „Wir ALLE sind Dortmund“ begann im April 2015. Die Stadt und der "
            "Dialogkreis der Abrahamsreligionen haben sie gemeinsam gestartet.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p>Inzwischen haben 253 Organisationen die Kampagne unterzeichnet. Plakate, "
                "Postkarten und Aufkleber tragen die Botschaft in die Stadt, etwa bei der Mahnwache "
                "am 21. März oder bei DortBunt.</p>",
            ),
        ],
        "contacts": ["team"],
    },
    {
        "slug": "sprachmittlungspool",
        "title": "Ehrenamtlicher Sprachmittlungspool",
        "teaser": "Ehrenamtliche übersetzen bei Gesprächen in Schulen, Kitas und Beratungsstellen.",
        "intro": (
            "<p>Im Sprachmittlungspool engagieren sich Menschen, die mehrere Sprachen sprechen. "
            "Sie helfen, wenn Eltern und Schule, Familien und Beratungsstellen sich ohne "
            "Unterstützung nicht verständigen können.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p>Schulen, Kitas, Behörden und gemeinnützige Einrichtungen fragen eine "
                "Sprachmittlung für einen Termin an; das Team sucht eine passende ehrenamtliche "
                "Person. Wer selbst mitmachen möchte, bewirbt sich hier.</p>",
            ),
            # the pool's ways in: apply, register an institution, request a mediator
            ("language_mediation", {"heading": ""}),
        ],
        "contacts": ["pool"],
    },
]

COUNCIL = {
    "slug": "integrationsrat",
    "title": "Integrationsrat",
    "teaser": "Die politische Vertretung der Menschen mit Einwanderungsgeschichte in Dortmund.",
    "intro": (
        "<p>Der Integrationsrat berät den Rat der Stadt in allen Fragen der Integration. Seine "
        "Mitglieder werden zum Teil direkt gewählt, zum Teil vom Rat entsandt.</p>"
    ),
    "body": [
        (
            "paragraph",
            "<p>Die Geschäftsstelle des Integrationsrats sitzt im Kommunalen Integrationszentrum. "
            "Sie bereitet die Sitzungen vor und ist Ansprechpartnerin für Anträge und Fragen. Der "
            "Integrationsrat organisiert unter anderem die Internationale Woche.</p>",
        ),
    ],
    "contacts": ["council"],
}

CONTACT = {
    "slug": "kontakt",
    "title": "Kontakt",
    "intro": "<p>Schreiben Sie uns. Wir antworten so schnell wie möglich.</p>",
    "privacy_notice": (
        "<p>Verantwortlich ist die Stadt Dortmund. Wir verwenden Ihren Namen, Ihre E-Mail-Adresse "
        "und Ihre Nachricht nur, um Ihr Anliegen zu beantworten (Art. 6 Abs. 1 Buchst. e DSGVO). "
        "Ihre Nachricht wird nach 180 Tagen gelöscht. Sie haben das Recht auf Auskunft, "
        "Berichtigung, Löschung und Beschwerde bei der Landesbeauftragten für Datenschutz und "
        "Informationsfreiheit NRW. Mehr steht in der Datenschutzerklärung.</p>"
    ),
    "contacts": ["team", "pool", "council"],
}

IMPRINT = {
    "slug": "impressum",
    "title": "Impressum",
    "body": [
        (
            "paragraph",
            "<p>Angaben nach § 5 Digitale-Dienste-Gesetz (DDG) und § 18 Medienstaatsvertrag "
            "(MStV).</p>",
        ),
        ("heading", "Herausgeberin"),
        (
            "paragraph",
            "<p>Stadt Dortmund, vertreten durch den Oberbürgermeister. Die Stadt ist eine "
            "Körperschaft des öffentlichen Rechts.</p>",
        ),
        ("heading", "Verantwortlich für den Inhalt"),
        (
            "paragraph",
            "<p>Die Leitung des Kommunalen Integrationszentrums Dortmund, Anschrift wie unten.</p>",
        ),
    ],
}

PRIVACY = {
    "slug": "datenschutz",
    "title": "Datenschutzerklärung",
    "body": [
        ("heading", "Verantwortliche Stelle"),
        (
            "paragraph",
            "<p>Stadt Dortmund, Der Oberbürgermeister, 44122 Dortmund. Die Stadt hat eine "
            "Datenschutzbeauftragte bestellt; sie ist über die Anschrift der Stadt erreichbar.</p>",
        ),
        ("heading", "Was beim Besuch dieser Website gespeichert wird"),
        (
            "paragraph",
            "<p>Diese Website lädt nichts von fremden Servern: Schriften, Bilder und Programme "
            "kommen von uns. Wir setzen nur Cookies, die technisch nötig sind (Spracheinstellung, "
            "Schutz von Formularen). Es gibt keine Statistik- oder Werbe-Cookies.</p>",
        ),
        ("heading", "Kontakt- und Barriere-Formular"),
        (
            "paragraph",
            "<p>Ihre Angaben verwenden wir nur, um Ihr Anliegen zu bearbeiten. Nachrichten werden "
            "nach 180 Tagen gelöscht, die Benachrichtigungs-E-Mails an uns nach 14 Tagen.</p>",
        ),
        ("heading", "Ihre Rechte"),
        (
            "paragraph",
            "<p>Sie können Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung "
            "verlangen und der Verarbeitung widersprechen. Sie können sich bei der "
            "Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen in "
            "Düsseldorf beschweren.</p>",
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "barrierefreiheit",
    "title": "Erklärung zur Barrierefreiheit",
    "body": [
        (
            "paragraph",
            "<p>Die Stadt Dortmund möchte ihre Websites für alle Menschen zugänglich machen. "
            "Grundlage ist die Barrierefreie-Informationstechnik-Verordnung NRW (BITVNRW) und damit "
            "die WCAG 2.1 in den Stufen A und AA.</p>",
        ),
        ("heading", "Wie barrierefrei ist diese Website?"),
        (
            "paragraph",
            "<p>Die Website ist weitgehend barrierefrei. Jede Seitenart wird bei jeder Änderung "
            "automatisch geprüft. Nicht barrierefrei sind bisher: ältere PDF-Dokumente zum "
            "Herunterladen. Auf Wunsch schicken wir Ihnen die Inhalte in einer zugänglichen Form.</p>",
        ),
        ("heading", "Schlichtungsverfahren"),
        (
            "paragraph",
            "<p>Wenn Sie mit unserer Antwort nicht zufrieden sind, können Sie sich an die "
            "Ombudsstelle für barrierefreie Informationstechnik bei der Landesbehindertenbeauftragten "
            "NRW wenden.</p>",
        ),
    ],
    "privacy_notice": CONTACT["privacy_notice"],
}

EASY = {
    "slug": "leichte-sprache",
    "title": "Leichte Sprache",
    "body": [
        ("paragraph", "<p>Hier finden Sie Informationen in Leichter Sprache.</p>"),
        ("heading", "Was steht auf dieser Internet-Seite?"),
        (
            "paragraph",
            "<p>Das ist die Internet-Seite vom Integrations-Zentrum in Dortmund.</p>"
            "<p>Wir helfen Menschen aus anderen Ländern. Die Menschen leben jetzt in Dortmund.</p>"
            "<p>Sie finden hier Neuigkeiten. Und Sie finden hier Beratung und Hilfe.</p>",
        ),
        ("heading", "So finden Sie sich zurecht"),
        (
            "paragraph",
            "<p>Oben auf jeder Seite ist ein Menü. Dort stehen unsere Themen.</p>"
            "<p>Oben rechts können Sie eine Sprache wählen. Und Sie können etwas suchen.</p>"
            "<p>Ganz unten auf jeder Seite sind weitere Links. Zum Beispiel zu dieser Seite.</p>",
        ),
        ("heading", "Barriere-Freiheit"),
        (
            "paragraph",
            "<p>Wir möchten: Alle Menschen können diese Internet-Seite gut benutzen.</p>"
            "<p>Manche Dokumente sind noch schwer zu benutzen. Dann schreiben Sie uns. "
            "Wir schicken Ihnen die Informationen dann anders.</p>"
            "<p>Sie haben ein Problem mit der Seite? Dann schreiben Sie uns. "
            "Dafür gibt es ein Formular auf der Seite Barriere-Freiheit.</p>",
        ),
        ("heading", "Mehr in Leichter Sprache"),
        ("paragraph", "<p>Mehr Informationen in Leichter Sprache finden Sie bald hier.</p>"),
    ],
}

SIGN = {
    "slug": "gebaerdensprache",
    "title": "Gebärdensprache",
    "intro": (
        "<p>Hier erklären wir in Deutscher Gebärdensprache, was auf dieser Website steht, wie Sie "
        "sich zurechtfinden und wie Sie uns Barrieren melden können.</p>"
    ),
    "transcript": (
        "<p>Willkommen beim Kommunalen Integrationszentrum Dortmund. Auf dieser Website finden "
        "Sie Neuigkeiten, unsere Themen und wie Sie uns erreichen. Das Menü steht oben auf jeder "
        "Seite. Ganz unten finden Sie die Erklärung zur Barrierefreiheit mit einem Formular, "
        "über das Sie uns Barrieren melden können.</p>"
    ),
}

# related links between the demo's own pages: (topic slug, [(title, target slug)])
TOPIC_LINKS = {
    "masterplan-migration-integration": [("Der Integrationsrat", "integrationsrat")],
    "komm-an-nrw": [("Beratung vor dem Antrag: Kontakt", "kontakt")],
    "migrationsberatung": [("Kontakt zum Integrationszentrum", "kontakt")],
    "sprachmittlungspool": [
        ("Fragen zum Sprachmittlungspool: Kontakt", "kontakt"),
        ("Informationen in Leichter Sprache", "leichte-sprache"),
    ],
}
