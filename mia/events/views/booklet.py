"""booklet"""

urlpatterns: list = []
