"""feeds"""

urlpatterns: list = []
