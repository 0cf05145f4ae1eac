"""The appraisals blueprint; its routes live in rater_views (raters and employees), hr_views (HR) and
bias_views (HR analytics)."""

from flask import Blueprint

bp = Blueprint("appraisals", __name__)
