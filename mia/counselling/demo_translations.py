"""Two demo offices in English and Arabic, keyed like the offices in `demo.py`. Only the
text is translated; everything else is the original's."""

OFFICES: dict[str, dict[str, dict[str, str]]] = {
    "mbe-nord": {
        "en": {
            "name": "Example: Migration counselling Nordstadt",
            "description": (
                "Counselling for immigrants aged 27 and over: residence, work, language "
                "courses, family and money. Free and confidential, with an interpreter if you "
                "wish."
            ),
            "hours_note": "Drop-in hours; at other times by appointment.",
            "accessibility_notes": "Step-free entrance, lift to the first floor.",
        },
        "ar": {
            "name": "مثال: استشارات الهجرة في نوردشتات",
            "description": (
                "استشارات للمهاجرين من عمر 27 عامًا فما فوق: الإقامة والعمل ودورات اللغة "
                "والأسرة والمال. مجانية وسرية، ومع مترجم إذا رغبتم."
            ),
            "hours_note": "ساعات استقبال مفتوحة؛ وفي الأوقات الأخرى بموعد مسبق.",
            "accessibility_notes": "مدخل بلا درجات، ومصعد إلى الطابق الأول.",
        },
    },
    "jmd-nord": {
        "en": {
            "name": "Example: Youth migration service Nordstadt",
            "description": (
                "For young people aged 12 to 27: school, vocational training, studies, "
                "learning German and everything that is hard when you arrive. Online too."
            ),
            "hours_note": "Drop-in hours, no appointment needed.",
            "accessibility_notes": "Step-free entrance in the courtyard, accessible toilet.",
        },
        "ar": {
            "name": "مثال: خدمة هجرة الشباب في نوردشتات",
            "description": (
                "للشباب من عمر 12 إلى 27 عامًا: المدرسة والتدريب المهني والدراسة وتعلّم "
                "الألمانية وكل ما هو صعب عند الوصول. عبر الإنترنت أيضًا."
            ),
            "hours_note": "ساعات استقبال مفتوحة دون موعد.",
            "accessibility_notes": "مدخل بلا درجات من الفناء، ودورة مياه مهيأة.",
        },
    },
}
