"""The English URLs the pages had before every URL became Indonesian, and the endpoints that serve them now.

Only pages a user may have bookmarked (GET) are listed; :func:`lms.redirects.register_old_urls` answers each with
a permanent redirect. Forms posted to an old URL are refused (405).
"""

OLD_URLS = {
    "/login": "auth.login",
    "/account/password": "auth.change_password",
    "/admin/users": "auth.user_list",
    "/admin/users/new": "auth.user_new",
    "/admin/users/<int:user_id>": "auth.user_edit",
    "/employees": "people.employee_list",
    "/employees/new": "people.employee_new",
    "/employees/<int:employee_id>": "people.employee_detail",
    "/employees/<int:employee_id>/edit": "people.employee_edit",
    "/team": "people.my_team",
    "/units": "people.unit_tree",
    "/units/new": "people.unit_new",
    "/units/<int:unit_id>/edit": "people.unit_edit",
    "/positions": "people.position_list",
    "/positions/new": "people.position_new",
    "/positions/<int:position_id>": "people.position_detail",
    "/positions/<int:position_id>/edit": "people.position_edit",
    "/positions/<int:position_id>/requirements": "competencies.position_requirements",
    "/roster": "roster.upload",
    "/roster/template.<any(csv, xlsx):kind>": "roster.template",
    "/frameworks": "competencies.framework_list",
    "/frameworks/<int:framework_id>": "competencies.framework_detail",
    "/frameworks/<int:framework_id>/moodle.csv": "moodle.export",
    "/frameworks/import-moodle": "moodle.upload",
    "/competencies/<int:competency_id>": "competencies.competency_detail",
    "/requirements/export.<any(csv, xlsx):file_type>": "competencies.requirement_export",
    "/requirements/import": "competencies.requirement_upload",
}
