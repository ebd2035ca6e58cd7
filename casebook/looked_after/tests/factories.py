from datetime import date

from casebook.looked_after import services


def looked_after(child, user, *, start: date, legal_status="V2", placement_type="U6", carer_name="Carer A",
                 intended_until_18=False):
    """Start a period of care through the real service."""
    return services.episode_start(child=child, start_date=start, reason_new_episode="S", legal_status=legal_status,
                                  category_of_need="N1", placement_type=placement_type, placement_provider="PR1",
                                  placement_postcode="SW1A 2AA", home_postcode="LS1 1UR", carer_name=carer_name,
                                  intended_until_18=intended_until_18, acting_user=user)
