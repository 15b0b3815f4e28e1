from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Wijkteam – beheer")
admin.site.site_title = _("Wijkteam – beheer")
admin.site.index_title = _("Configuratie")
