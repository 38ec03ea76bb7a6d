def test_org_fixture_builds_units_and_users(make_user, org):
    user = make_user("director")
    assert user.unit_id == org.it.pk
    assert user.has_perm("organization.view_all_units")
