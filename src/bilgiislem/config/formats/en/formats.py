# The English UI keeps the Turkish date and number conventions (dd.mm.yyyy): the documents are Turkish.
from bilgiislem.config.formats.tr.formats import *  # noqa: F403
