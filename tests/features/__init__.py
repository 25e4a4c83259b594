"""Tests of the update entity, text/time/number settings, actions, repairs and translations."""
