"""Form rendering shared by every public form: KERN markup, hints and errors tied to inputs."""

from django.forms.boundfield import BoundField


class KernBoundField(BoundField):
    """Renders inputs with KERN's classes, and ties hint and error to the input for screen readers."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            return attrs
        classes = ["kern-form-input__input"]
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            classes.append("kern-form-input__input--error")
            described_by.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        attrs["class"] = " ".join(classes)
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs
