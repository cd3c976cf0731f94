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


class LinkListBlock(blocks.StreamBlock):
    link = LinkBlock()


class DownloadListBlock(blocks.StreamBlock):
    download = DownloadBlock()
