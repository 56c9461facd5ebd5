-- The tables the service reads and writes (PostgreSQL).

create table users (
  id           bigserial primary key,
  name         text not null,
  wants_digest boolean not null default false
);

create table tickets (
  id          bigserial primary key,
  subject     text not null,
  body        text not null,
  status      text not null default 'open',
  assignee_id bigint references users(id),
  summary     text,
  category    text,
  draft_reply text,
  updated_at  timestamptz not null default now()
);

create table ticket_events (
  id        bigserial primary key,
  ticket_id bigint not null references tickets(id),
  kind      text not null,
  at        timestamptz not null default now()
);

create table chat_messages (
  id      bigserial primary key,
  chat_id bigint not null,
  role    text not null,
  content text not null
);

create table digests (
  id         bigserial primary key,
  user_id    bigint not null references users(id),
  body       text not null,
  created_at timestamptz not null default now()
);
