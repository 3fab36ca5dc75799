from clinicdesk.services import audit


def test_fresh_database_has_an_intact_empty_trail(db, admin):
    with db.uow() as uow:
        result = audit.verify(uow, admin)
    assert result.ok
    assert result.checked == 2  # clinic.create and user.add written by initialise
