"""The demo home page in the other four languages. Everything else falls back to German."""

HOME = {
    "en": {
        "title": "Home",
        "claim": "Integration is lived in Dortmund",
        "intro": (
            "<p>The Municipal Integration Centre Dortmund (MIA-DO-KI) is part of the office of the "
            "Lord Mayor and the City Council. We show that integration is a shared task with many "
            "sides. Together with politics, administration, associations and migrant "
            "organisations we plan, fund and support what strengthens life together in Dortmund.</p>"
            "<p>We connect committed people inside and outside the administration so that "
            "integration projects in the city benefit everyone.</p>"
        ),
        "strands": [
            (
                "Integration as a cross-cutting task",
                "Integration concerns every office and every institution. We help the administration "
                "open up to all cultures and keep diversity in mind everywhere.",
            ),
            (
                "Integration through education",
                "From day care to working life: we support children, young people and families with "
                "a migration history, in close cooperation with schools and education providers.",
            ),
        ],
        "council_note": (
            "The office of Dortmund's Integration Council is based with us, too, so many projects "
            "grow out of close cooperation."
        ),
    },
    "tr": {
        "title": "Ana sayfa",
        "claim": "Dortmund'da uyum yaşanıyor",
        "intro": (
            "<p>Dortmund Belediyesi Uyum Merkezi (MIA-DO-KI), Belediye Başkanlığı ve Belediye "
            "Meclisi İşleri Dairesine bağlıdır. Uyumun herkesin birlikte üstlendiği çok yönlü bir "
            "görev olduğunu göstermek istiyoruz. Siyaset, yönetim, dernekler ve göçmen "
            "örgütleriyle birlikte Dortmund'da birlikte yaşamı güçlendiren çalışmaları planlıyor, "
            "destekliyor ve yürütüyoruz.</p>"
            "<p>Kentteki uyum projelerinin herkese yarar sağlaması için yönetimin içinde ve "
            "dışında gönüllü çalışan insanları bir araya getiriyoruz.</p>"
        ),
        "strands": [
            (
                "Kesişen bir görev olarak uyum",
                "Uyum her daireyi ve her kurumu ilgilendirir. Yönetimin kültürlerarası açılımını ve "
                "çeşitliliği her alanda gözetmesini destekliyoruz.",
            ),
            (
                "Eğitim yoluyla uyum",
                "Kreşten meslek hayatına kadar: Göç geçmişi olan çocuklara, gençlere ve ailelere "
                "okullar ve eğitim kurumlarıyla yakın iş birliği içinde eşlik ediyoruz.",
            ),
        ],
        "council_note": (
            "Dortmund Uyum Meclisi'nin büro da bizim bünyemizde yer alıyor; böylece birçok proje "
            "yakın iş birliğiyle hayata geçiyor."
        ),
    },
    "ar": {
        "title": "الصفحة الرئيسية",
        "claim": "في دورتموند نعيش الاندماج",
        "intro": (
            "<p>يتبع مركز الاندماج البلدي في دورتموند (MIA-DO-KI) مكتب شؤون رئيس البلدية ومجلس "
            "المدينة. نريد أن نبيّن أن الاندماج مهمة متعددة الجوانب نحملها جميعًا معًا. بالتعاون "
            "مع السياسة والإدارة والجمعيات ومنظمات المهاجرين نخطط وندعم ونرافق كل ما يقوّي العيش "
            "المشترك في دورتموند.</p>"
            "<p>نجمع بين الأشخاص الملتزمين داخل الإدارة وخارجها، لكي تعود مشاريع الاندماج في "
            "المدينة بالفائدة على الجميع.</p>"
        ),
        "strands": [
            (
                "الاندماج مهمة مشتركة بين جميع الدوائر",
                "يعني الاندماج كل دائرة وكل مؤسسة. نساعد الإدارة على الانفتاح على الثقافات "
                "المختلفة ومراعاة التنوع في كل المجالات.",
            ),
            (
                "الاندماج من خلال التعليم",
                "من الحضانة حتى الحياة المهنية: نرافق الأطفال والشباب والعائلات ذوي الخلفية "
                "المهاجرة، بالتعاون الوثيق مع المدارس والمؤسسات التعليمية.",
            ),
        ],
        "council_note": (
            "يقع مكتب مجلس الاندماج في مدينة دورتموند لدينا أيضًا، ولذلك تنشأ مشاريع كثيرة "
            "بتعاون وثيق."
        ),
    },
    "uk": {
        "title": "Головна",
        "claim": "У Дортмунді інтеграцію втілюють у життя",
        "intro": (
            "<p>Комунальний інтеграційний центр Дортмунда (MIA-DO-KI) належить до управління "
            "справами обер-бургомістра та міської ради. Ми хочемо показати, що інтеграція — це "
            "різнобічне завдання, яке ми виконуємо разом. Спільно з політиками, адміністрацією, "
            "об'єднаннями та організаціями мігрантів ми плануємо, підтримуємо й супроводжуємо те, "
            "що зміцнює спільне життя в Дортмунді.</p>"
            "<p>Ми об'єднуємо небайдужих людей в адміністрації та поза нею, щоб інтеграційні "
            "проєкти в місті приносили користь усім.</p>"
        ),
        "strands": [
            (
                "Інтеграція як наскрізне завдання",
                "Інтеграція стосується кожного відомства й кожної установи. Ми допомагаємо "
                "адміністрації відкриватися для різних культур і враховувати різноманіття всюди.",
            ),
            (
                "Інтеграція через освіту",
                "Від дитячого садка до професії: ми супроводжуємо дітей, молодь і родини з "
                "міграційною історією у тісній співпраці зі школами та освітніми закладами.",
            ),
        ],
        "council_note": (
            "У нас також розташований офіс Інтеграційної ради міста Дортмунд, тож багато "
            "проєктів постають у тісній співпраці."
        ),
    },
}
