"""public"""

urlpatterns: list = []
