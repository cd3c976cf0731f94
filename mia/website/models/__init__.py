from .base import BasePage, ContactPerson
from .content import IntegrationCouncilPage, TopicPage
from .forms import AccessibilityPage, ContactPage
from .home import HomePage
from .legal import EasyLanguagePage, LegalPage, SignLanguagePage
from .news import NewsIndexPage, NewsPage

__all__ = [
    "AccessibilityPage",
    "BasePage",
    "ContactPage",
    "ContactPerson",
    "EasyLanguagePage",
    "HomePage",
    "IntegrationCouncilPage",
    "LegalPage",
    "NewsIndexPage",
    "NewsPage",
    "SignLanguagePage",
    "TopicPage",
]
