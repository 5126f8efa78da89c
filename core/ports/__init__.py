"""What core needs of a store, as protocols: the unit of work and its repositories. The store
implements them; the composition root hands core a factory of units of work."""

from core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory, UnitOfWorkFactoryOf

__all__ = ["UnitOfWork", "UnitOfWorkFactory", "UnitOfWorkFactoryOf"]
