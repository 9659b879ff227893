"""The to-do list with a ``remove`` command: a new model method and a new controller branch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Task:
    """One thing to do."""

    text: str
    done: bool = False


class TodoList:
    """The model: holds the tasks and enforces the rules about them."""

    def __init__(self) -> None:
        self.tasks: list[Task] = []

    def add(self, text: str) -> None:
        """Add a task; blank tasks are not allowed."""
        if not text.strip():
            raise ValueError("A task needs some text.")
        self.tasks.append(Task(text.strip()))

    def complete(self, number: int) -> None:
        """Mark task ``number`` (counting from 1) as done."""
        if not 1 <= number <= len(self.tasks):
            raise ValueError(f"There is no task {number}.")
        self.tasks[number - 1].done = True

    # --8<-- [start:remove]
    def remove(self, number: int) -> None:
        """Remove task ``number`` (counting from 1)."""
        if not 1 <= number <= len(self.tasks):
            raise ValueError(f"There is no task {number}.")
        del self.tasks[number - 1]

    # --8<-- [end:remove]


def render(tasks: list[Task], message: str = "") -> str:
    """The view: turn the tasks into text for the screen. It changes nothing."""
    lines = [f"{n}. [{'x' if task.done else ' '}] {task.text}" for n, task in enumerate(tasks, 1)]
    if not lines:
        lines = ["Nothing to do!"]
    if message:
        lines.append(f"({message})")
    return "\n".join(lines)


def handle(command: str, todo: TodoList) -> str:
    """The controller: read a command, update the model, pick what to show."""
    action, _, rest = command.partition(" ")
    try:
        if action == "add":
            todo.add(rest)
        elif action == "done":
            if not rest.isdigit():
                return render(todo.tasks, "Say which task is done, for example 'done 1'.")
            todo.complete(int(rest))
        # --8<-- [start:remove-branch]
        elif action == "remove":
            if not rest.isdigit():
                return render(todo.tasks, "Say which task to remove, for example 'remove 1'.")
            todo.remove(int(rest))
        # --8<-- [end:remove-branch]
        elif action != "list":
            return render(todo.tasks, f"Unknown command {action!r}.")
    except ValueError as error:
        return render(todo.tasks, str(error))
    return render(todo.tasks)


def main() -> None:
    """Play a few commands through the controller and print each screen."""
    todo = TodoList()
    for command in ["add buy milk", "add read about MVC", "done 1", "done 7", "list"]:
        print(f"> {command}")
        print(handle(command, todo))
        print()


if __name__ == "__main__":
    main()
