"""StreamField blocks shared by the site's page types."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.URLBlock(required=False, label=_("external address"))

    class Meta:
        icon = "link"
        label = _("link")
        template = "website/blocks/link.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose either a page or an address."))}
            )
        return value


class DownloadBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    document = DocumentChooserBlock(label=_("document"))

    class Meta:
        icon = "doc-full"
        label = _("download")
        template = "website/blocks/download.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"))
    text = blocks.RichTextBlock(features=RICH_FEATURES, label=_("text"))

    class Meta:
        icon = "info-circle"
        label = _("callout")
        template = "website/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", label=_("heading"), template="website/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("paragraph"))
    image = ImageBlock(label=_("image"), template="website/blocks/image.html")
    callout = CalloutBlock()
    quote = blocks.BlockQuoteBlock(label=_("quote"))


class CounsellingFinderBlock(blocks.StructBlock):
    """The counselling finder's three plain questions (age, language, district or postcode)
    as a GET form that opens the finder's results (`/beratung/`, in the page's language)."""

    heading = blocks.CharBlock(
        required=False,
        label=_("heading"),
        help_text=_('Empty: "Find counselling".'),
    )

    class Meta:
        icon = "search"
        label = _("counselling finder")
        template = "website/blocks/counselling_finder.html"

    def get_context(self, value, parent_context=None):
        from mia.counselling.views.public import FinderPageForm

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        centre = getattr(request, "centre", None)
        # unbound: the topic page asks, the finder answers
        context["form"] = FinderPageForm(centre=centre, auto_id="finder-%s") if centre else None
        return context


class LanguageMediationBlock(blocks.StructBlock):
    """The language-mediation pool's ways in, for the two who use it: people who speak
    German and another language apply (and, once in, keep their times and hours);
    institutions register, request a mediator and follow their requests. The same for
    every visitor, so the page stays cacheable: the pages behind the links ask for the
    sign-in where they need it."""

    heading = blocks.CharBlock(
        required=False,
        label=_("heading"),
        help_text=_('Empty: "Take part in the language-mediation pool".'),
    )

    class Meta:
        icon = "group"
        label = _("language-mediation pool")
        template = "website/blocks/language_mediation.html"


class TopicBodyBlock(BodyBlock):
    """A topic page's body: the shared blocks, and the services that belong to a topic."""

    counselling_finder = CounsellingFinderBlock()
    language_mediation = LanguageMediationBlock()


class LinkListBlock(blocks.StreamBlock):
    link = LinkBlock()


class DownloadListBlock(blocks.StreamBlock):
    download = DownloadBlock()
