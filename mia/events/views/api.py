"""api"""

urlpatterns: list = []
