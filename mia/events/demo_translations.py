"""The demo programme in the other languages: the 2025 edition's introduction and some events.

Keyed like the events in `demo.py`. Only what is translated is here; everything else falls
back to the German original.
"""

EDITION_INTROS = {
    "en": (
        "For nine days Dortmund shows how diverse it is: from 21 to 29 June 2025 around twenty "
        "associations, initiatives and institutions invite you to more than thirty events – "
        "festivals, readings, films, concerts, workshops and talks. The week opens on Saturday "
        "21 June at noon with the Münsterstraßenfest and closes on 29 June with a party in the "
        "Hoeschpark.\n\n"
        "The Internationale Woche is organised by Dortmund's Integration Council. Almost "
        "everything is free – come along and bring your neighbours!"
    ),
    "tr": (
        "Dortmund dokuz gün boyunca ne kadar renkli olduğunu gösteriyor: 21–29 Haziran 2025 "
        "tarihleri arasında yaklaşık yirmi dernek, girişim ve kurum otuzdan fazla etkinliğe "
        "davet ediyor – şenlikler, okuma akşamları, filmler, konserler, atölyeler ve söyleşiler. "
        "Hafta 21 Haziran Cumartesi saat 12:00'de Münsterstraßenfest ile açılıyor ve 29 "
        "Haziran'da Hoeschpark'taki şenlikle sona eriyor.\n\n"
        "Uluslararası Hafta'yı Dortmund Belediyesi Uyum Meclisi (Integrationsrat) düzenliyor. "
        "Etkinliklerin neredeyse tamamı ücretsiz – komşularınızla birlikte gelin!"
    ),
    "ar": (
        "تُظهر دورتموند على مدى تسعة أيام مدى تنوّعها: من 21 إلى 29 حزيران/يونيو 2025 تدعوكم "
        "نحو عشرين جمعية ومبادرة ومؤسسة إلى أكثر من ثلاثين فعالية، من مهرجانات وقراءات أدبية "
        "وأفلام وحفلات موسيقية وورشات عمل وحوارات. يُفتتح الأسبوع يوم السبت 21 حزيران/يونيو عند "
        "الساعة الثانية عشرة ظهرًا بمهرجان شارع مونستر (Münsterstraßenfest)، ويُختتم في 29 "
        "حزيران/يونيو باحتفال في حديقة هوش (Hoeschpark).\n\n"
        "ينظّم الأسبوع الدولي مجلسُ الاندماج في مدينة دورتموند. معظم الفعاليات مجانية، "
        "فتعالوا واصطحبوا جيرانكم!"
    ),
    "uk": (
        "Дев'ять днів Дортмунд показує, який він різноманітний: з 21 по 29 червня 2025 року "
        "близько двадцяти товариств, ініціатив і установ запрошують на понад тридцять заходів — "
        "свята, читання, фільми, концерти, майстер-класи та розмови. Тиждень відкривається в "
        "суботу, 21 червня, о 12:00 святом на Мюнстерштрасе (Münsterstraßenfest) і "
        "завершується 29 червня святом у парку Гешпарк (Hoeschpark).\n\n"
        "Міжнародний тиждень організовує Інтеграційна рада міста Дортмунд. Майже всі заходи "
        "безкоштовні — приходьте разом із сусідами!"
    ),
}

EVENTS: dict[str, dict[str, dict[str, str]]] = {
    "muensterstrassenfest": {
        "en": {
            "title": "Münsterstraßenfest: opening of the Internationale Woche",
            "summary": (
                "The Internationale Woche opens with a big street festival: food from many "
                "kitchens, information stands of local associations and music on stage."
            ),
            "description": (
                "For one day Münsterstraße belongs to the people who live and work here. Around "
                "60 stands invite you to taste, browse and meet – from Syrian sweets to Polish "
                "pierogi. Associations and advice centres present their work, music and dance "
                "groups take turns on stage, and children have a play street with a bouncy "
                "castle and face painting.\n\n"
                "At noon the Integration Council opens the Internationale Woche on stage."
            ),
            "target_group": "Everyone",
            "image_alt": "Abstract illustration: light circles on an orange background",
        },
        "tr": {
            "title": "Münsterstraßenfest: Uluslararası Hafta'nın açılışı",
            "summary": (
                "Uluslararası Hafta büyük bir sokak şenliğiyle açılıyor: birçok mutfaktan "
                "lezzetler, derneklerin bilgi stantları ve sahnede müzik."
            ),
            "description": (
                "Bir gün boyunca Münsterstraße, burada yaşayan ve çalışan insanlara ait. "
                "Yaklaşık 60 stant tatmaya, gezmeye ve tanışmaya davet ediyor – Suriye "
                "tatlılarından Polonya usulü hamur işlerine (pierogi) kadar. Dernekler ve "
                "danışma merkezleri kendilerini tanıtıyor, sahnede müzik ve dans grupları sırayla "
                "çıkıyor; çocuklar için şişme oyun parkı ve yüz boyamalı bir oyun sokağı var.\n\n"
                "Saat 12:00'de Uyum Meclisi Uluslararası Hafta'yı sahnede açıyor."
            ),
            "target_group": "Herkes için",
            "image_alt": "Soyut illüstrasyon: turuncu zemin üzerinde açık renkli daireler",
        },
        "ar": {
            "title": "مهرجان شارع مونستر: افتتاح الأسبوع الدولي",
            "summary": (
                "يبدأ الأسبوع الدولي بمهرجان شارع كبير: أطباق من مطابخ كثيرة، وأكشاك معلومات "
                "للجمعيات، وموسيقى على المسرح."
            ),
            "description": (
                "ليوم كامل يصبح شارع مونستر لمن يعيشون ويعملون فيه. نحو ستين كشكًا تدعوكم إلى "
                "التذوّق والتجوّل والتعارف، من الحلويات السورية إلى الفطائر البولندية. تعرّف "
                "الجمعيات ومراكز الاستشارة بعملها، وتتناوب فرق الموسيقى والرقص على المسرح، "
                "وللأطفال شارع ألعاب فيه قلعة نطّاطة ورسم على الوجوه.\n\n"
                "عند الساعة الثانية عشرة ظهرًا يفتتح مجلس الاندماج الأسبوع الدولي على المسرح."
            ),
            "target_group": "للجميع",
            "image_alt": "رسم تجريدي: دوائر فاتحة على خلفية برتقالية",
        },
        "uk": {
            "title": "Свято на Мюнстерштрасе: відкриття Міжнародного тижня",
            "summary": (
                "Міжнародний тиждень відкривається великим вуличним святом: страви з багатьох "
                "кухонь, інформаційні стенди товариств і музика на сцені."
            ),
            "description": (
                "Цілий день Мюнстерштрасе належить людям, які тут живуть і працюють. Близько 60 "
                "наметів запрошують скуштувати, роздивитися й познайомитися — від сирійських "
                "солодощів до польських вареників. Товариства й консультаційні служби "
                "розповідають про свою роботу, на сцені виступають музичні й танцювальні гурти, "
                "а для дітей є ігрова вулиця з батутом і аквагримом.\n\n"
                "О 12:00 Інтеграційна рада відкриває Міжнародний тиждень на сцені."
            ),
            "target_group": "Для всіх",
            "image_alt": "Абстрактна ілюстрація: світлі кола на помаранчевому тлі",
        },
    },
    "weltfluechtlingstag": {
        "en": {
            "title": "Service for World Refugee Day: “At home on the way”",
            "summary": (
                "Christians, Muslims and Jews remember together the people who lost their lives "
                "while fleeing, and pray for those who are still on the way."
            ),
            "description": (
                "World Refugee Day on 20 June recalls the more than one hundred million people "
                "worldwide who have had to flee war, persecution and hardship. Two days later the "
                "Interreligious Working Group invites you to a service that brings together "
                "voices from different faiths: prayers and texts in German, Arabic, Persian and "
                "Ukrainian, music by the Chor der Kulturen and a silent remembrance with "
                "candles.\n\n"
                "Afterwards there is tea and pastries in front of the church."
            ),
        },
        "ar": {
            "title": "صلاة في اليوم العالمي للاجئين: «وطنٌ على الطريق»",
            "summary": (
                "يجتمع مسيحيون ومسلمون ويهود لإحياء ذكرى من فقدوا حياتهم في طريق اللجوء، "
                "وللدعاء لمن لا يزالون في الطريق."
            ),
            "description": (
                "يذكّر اليوم العالمي للاجئين في 20 حزيران/يونيو بأكثر من مئة مليون إنسان اضطروا "
                "إلى الفرار من الحرب والاضطهاد والعوز. وبعد يومين يدعو فريق العمل بين الأديان "
                "إلى صلاة تجمع أصواتًا من ديانات مختلفة: أدعية ونصوص بالألمانية والعربية "
                "والفارسية والأوكرانية، وموسيقى من جوقة الثقافات، ووقفة صامتة مع الشموع.\n\n"
                "بعد ذلك يُقدَّم الشاي والمعجنات أمام الكنيسة."
            ),
        },
    },
    "kinderfest": {
        "en": {
            "title": "Children's party in the Blücherpark",
            "summary": (
                "Play bus, face painting, craft tables and a join-in circus: an afternoon for "
                "children from every corner of the Nordstadt."
            ),
            "description": (
                "The play bus of the Kinderfreunde comes to the Blücherpark. Children can walk "
                "on stilts, learn to juggle, design badges and have their faces painted. At 4 pm "
                "the join-in circus shows what the young artists have practised during the "
                "afternoon. Parents will find coffee, cake and people from the family advice "
                "service.\n\n"
                "If it rains, the party moves to the Dietrich-Keuning-Haus."
            ),
            "target_group": "Children aged 3 to 12 and their families",
            "image_alt": "Abstract illustration: light circles on a green background",
        },
    },
    "oud": {
        "ar": {
            "title": "العود والشعر: أمسية عربية",
            "summary": (
                "موسيقى عربية كلاسيكية على العود، وقصائد من سوريا تُلقى بالعربية والألمانية."
            ),
            "description": (
                "يعزف موسيقيان من دمشق وحلب مقطوعات من الموسيقى العربية الكلاسيكية على العود "
                "والقانون. وبين المقطوعات يقرأ أعضاء البيت الثقافي قصائد قديمة وحديثة عن الحب "
                "والحنين والوصول إلى مدينة غريبة، وتُقرأ كل قصيدة بالألمانية أيضًا.\n\n"
                "في الاستراحة شاي بالهيل وحلويات سورية. الدخول مجاني، والتبرعات موضع ترحيب."
            ),
        },
    },
    "anerkennung": {
        "en": {
            "title": "Online information evening: how is my qualification recognised?",
            "summary": (
                "Advisers explain how foreign qualifications are recognised, which documents "
                "you need and who can pay the costs."
            ),
            "description": (
                "A nurse from Ukraine, an engineer from Syria, a nursery teacher from Russia: "
                "anyone who wants to work in their trained profession in Germany often needs "
                "recognition first. Two advisers explain step by step which office is "
                "responsible, which documents must be translated and what funding there is. "
                "Questions can also be asked in the chat in Arabic, Ukrainian, Russian and "
                "English."
            ),
            "target_group": "Adults with a professional qualification from abroad",
            "registration_info": (
                "Please register online by 20 June; the link to the video room is also on this "
                "page."
            ),
        },
    },
    "gastarbeit": {
        "tr": {
            "title": "Misafir işçilik, memleket, gelecek: üç kuşak anlatıyor",
            "summary": (
                "Türkiye kökenli ailelerden büyükanne ve büyükbabalar, anne babalar ve torunlar, "
                "1961 işgücü anlaşmasından bu yana Dortmund'daki hayatlarının nasıl değiştiğini "
                "anlatıyor."
            ),
            "description": (
                "Federal Almanya ile Türkiye 1961'de işgücü anlaşmasını imzaladı; kısa süre sonra "
                "ilk işçiler Dortmund'un maden ocaklarına ve çelik fabrikalarına geldi. Nordstadt'tan "
                "üç aile hikâyesini anlatıyor – her kuşaktan birer kişi. Bir tarihçi anıları "
                "tarihsel bağlamına yerleştiriyor.\n\n"
                "Söyleşi Almanca yapılacak; Türkçeye fısıltı çevirisi mümkün."
            ),
        },
    },
    "einbuergerung": {
        "en": {
            "title": "Advice day on naturalisation",
            "summary": (
                "What do I need for a German passport? The city's naturalisation team answers "
                "questions without an appointment, with language mediators for seven languages."
            ),
            "description": (
                "Since the reform of the nationality law in 2024 many people can be naturalised "
                "after five years, and as a rule they may keep their previous citizenship. On "
                "this day the city's naturalisation team explains which requirements apply, "
                "which documents are needed and how to apply online. Volunteer language "
                "mediators help with communication.\n\n"
                "Applications are not accepted on the day, but you are welcome to bring your "
                "questions and documents."
            ),
        },
        "ar": {
            "title": "يوم استشارات حول التجنّس",
            "summary": (
                "ماذا أحتاج للحصول على الجواز الألماني؟ يجيب فريق التجنّس في المدينة عن الأسئلة "
                "دون موعد مسبق، بمساعدة وسطاء لغويين لسبع لغات."
            ),
            "description": (
                "منذ إصلاح قانون الجنسية عام 2024 يستطيع كثيرون التجنّس بعد خمس سنوات، ويجوز لهم "
                "في العادة الاحتفاظ بجنسيتهم السابقة. في هذا اليوم يشرح فريق التجنّس في المدينة "
                "الشروط المطلوبة والوثائق اللازمة وطريقة تقديم الطلب عبر الإنترنت، ويساعد وسطاء "
                "لغويون متطوعون في التواصل.\n\n"
                "لا تُقبل الطلبات في هذا اليوم، لكن يمكنكم إحضار أسئلتكم ووثائقكم."
            ),
        },
        "uk": {
            "title": "День консультацій щодо натуралізації",
            "summary": (
                "Що потрібно для німецького паспорта? Команда з натуралізації міста відповідає "
                "на запитання без попереднього запису, з мовними посередниками для семи мов."
            ),
            "description": (
                "Після реформи закону про громадянство 2024 року багато людей можуть отримати "
                "громадянство вже через п'ять років і, як правило, зберегти попереднє "
                "громадянство. Цього дня команда з натуралізації пояснює, які умови діють, які "
                "документи потрібні та як подати заяву онлайн. Волонтери — мовні посередники — "
                "допомагають порозумітися.\n\n"
                "Заяви цього дня не приймають, але ви можете принести свої запитання й документи."
            ),
        },
    },
    "stickerei": {
        "uk": {
            "title": "Майстер-клас: українська вишивка",
            "summary": (
                "Хрестик, як на вишиванці: українки показують давні візерунки й розповідають "
                "про їхнє значення, а кожен вишиває власну невелику річ."
            ),
            "description": (
                "Вишиванка — вишита сорочка — в Україні належить до свят і урочистих днів. Її "
                "візерунки різняться від регіону до регіону й розповідають про оберіг, щастя та "
                "походження. На майстер-класі ви навчитеся основних стібків і вишиєте закладку "
                "або підставку, яку заберете із собою.\n\n"
                "Нитки, тканина й голки є на місці; досвід не потрібен."
            ),
            "registration_info": "Просимо зареєструватися електронною поштою; матеріали надаємо.",
        },
    },
    "elternabend": {
        "tr": {
            "title": "Çevrimiçi veli akşamı: Çok dilli büyümek",
            "summary": (
                "Bir dilbilimci, aile dilinin Almanca öğrenmeye neden yardımcı olduğunu "
                "anlatıyor; Almanca ve Türkçe sorulara zaman ayrılıyor."
            ),
            "description": (
                "Evde Türkçe mi konuşalım, Almanca mı? Birçok veli bu soruyu soruyor. Bir "
                "dilbilimci, araştırmaların çok dilli çocuklar hakkında neler bildiğini anlatıyor "
                "ve günlük hayat için öneriler veriyor: kitap okuma, medya, ev ödevleri. Ardından "
                "sorulara zaman ayrılıyor.\n\n"
                "Sunum Almanca; sorular Türkçe de sorulabilir."
            ),
            "target_group": "Kreşe ve okula giden çocukların velileri",
        },
    },
    "ukraine-lesung": {
        "uk": {
            "title": "Онлайн-читання: нова література з України",
            "summary": (
                "Дві українські письменниці, які з 2022 року живуть у Рурській області, читають "
                "зі своїх книжок — в оригіналі та німецькою, з розмовою в чаті."
            ),
            "description": (
                "Як писати про війну, яка триває, коли сам перебуваєш у безпеці? Дві авторки з "
                "Харкова та Одеси читають вірші й оповідання, написані за останні три роки; "
                "перекладачка читає німецькі версії. Після читання авторки відповідають на "
                "запитання з чату."
            ),
        },
    },
    "podium": {
        "en": {
            "title": "Panel discussion: Who gets a say?",
            "summary": (
                "Politicians and associations discuss how people without a German passport can "
                "have a say in Dortmund – in the council chamber and on the live stream."
            ),
            "description": (
                "Anyone who holds neither a German nor an EU passport may not vote in the city "
                "council elections. The Integration Council is one of the few places where these "
                "Dortmund residents have a say. Members of the Integration Council, "
                "representatives of the council groups and young activists from migrant "
                "organisations discuss what participation means today and how it can grow.\n\n"
                "Questions can be asked in the hall and in the live stream chat."
            ),
        },
    },
    "fussballturnier": {
        "en": {
            "title": "Nordstadt Cup: football tournament of cultures",
            "summary": (
                "16 mixed teams from clubs, schools and neighbourhoods play for the Nordstadt "
                "Cup. Watching is free, and there is a goal wall for children."
            ),
            "description": (
                "At the Nordstadt Cup fair play counts for more than goals: every team brings "
                "together people from different countries of origin, and at least two women are "
                "on the pitch. Games are six-a-side on small pitches; the finals start at "
                "3.30 pm. Around the pitches there is food from the grill, a goal wall for "
                "children and stands of the Nordstadt's sports clubs."
            ),
            "target_group": "Teams aged 16 and over; spectators of all ages",
            "registration_info": (
                "Teams of six register by e-mail by 20 June. No registration needed to watch."
            ),
            "image_alt": "Abstract illustration: light circles on a bright green background",
        },
    },
    "ausstellung-koffer": {
        "en": {
            "title": "Exhibition: Suitcases full of stories",
            "summary": (
                "Twenty suitcases, twenty lives: people from Dortmund show what they brought "
                "with them when they came to the city."
            ),
            "description": (
                "A suitcase from Anatolia from 1964, a rucksack from Aleppo, a travel bag from "
                "Kyiv: for this exhibition the history workshop asked people about the things "
                "they carried when they arrived in Dortmund. Each suitcase comes with a photo and "
                "a short interview to read, and to listen to at audio stations.\n\n"
                "The exhibition is in the Bürgerhalle of the town hall; school classes can book "
                "guided tours."
            ),
            "image_alt": "Abstract illustration: light circles on a brown background",
        },
    },
    "hoeschparkfest": {
        "en": {
            "title": "Hoeschparkfest: closing party of the Internationale Woche",
            "summary": (
                "At the end of the week the Nordstadt celebrates in the Hoeschpark: stage "
                "programme, games, food from many countries and activities for the whole family."
            ),
            "description": (
                "On the last day of the Internationale Woche the Hoeschpark becomes a festival "
                "ground. Groups from the week's programme perform on stage – from the Chor der "
                "Kulturen to the brass band. Associations serve food and drinks; children can "
                "climb, paint and run sack races on the play meadow. At 5 pm the Integration "
                "Council thanks everyone involved and invites you to the next Internationale "
                "Woche.\n\n"
                "Getting there: entrance on Kirchderner Straße, stop Hoeschpark."
            ),
            "target_group": "Everyone",
            "image_alt": "Abstract illustration: light circles on a violet background",
        },
        "tr": {
            "title": "Hoeschparkfest: Uluslararası Hafta'nın kapanış şenliği",
            "summary": (
                "Haftanın sonunda Nordstadt, Hoeschpark'ta kutluyor: sahne programı, oyunlar, "
                "birçok ülkeden yemekler ve bütün aile için etkinlikler."
            ),
            "description": (
                "Uluslararası Hafta'nın son gününde Hoeschpark bir şenlik alanına dönüşüyor. "
                "Hafta boyunca programda yer alan gruplar sahneye çıkıyor – Kültürler Korosu'ndan "
                "bandoya kadar. Dernekler yiyecek ve içecek sunuyor; çocuklar oyun çayırında "
                "tırmanabilir, resim yapabilir ve çuval yarışına katılabilir. Saat 17:00'de Uyum "
                "Meclisi emeği geçen herkese teşekkür ediyor ve bir sonraki Uluslararası Hafta'ya "
                "davet ediyor.\n\n"
                "Ulaşım: Kirchderner Straße girişi, Hoeschpark durağı."
            ),
            "target_group": "Herkes için",
            "image_alt": "Soyut illüstrasyon: mor zemin üzerinde açık renkli daireler",
        },
    },
    "sprachmittlung": {
        "en": {
            "title": "Information evening: volunteer interpreting in the language mediation pool",
            "summary": (
                "Do you speak German and another language? The language mediation pool is "
                "looking for volunteers to help at parents' meetings, doctor's appointments and "
                "visits to public offices."
            ),
            "description": (
                "The Municipal Integration Centre presents its volunteer language mediation "
                "pool: how assignments are arranged, what training there is and how volunteers "
                "are supported. Experienced language mediators talk about their work. No "
                "registration needed."
            ),
        },
    },
}
