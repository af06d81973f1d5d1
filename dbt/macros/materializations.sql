{#-
  Lean view and table materializations for DuckDB. dbt's own build a model under a temporary
  name, rename the previous relation to a backup, rename the new one in place and drop the backup:
  four catalog operations and ~10 macro calls per model, so that a reader of the same database
  never sees a missing relation. Here nobody reads the database being built (`dpid build` builds
  a new file and swaps it in; `make dev` writes its own file), so each model is one
  `create or replace`, in one transaction. A contract is checked as dbt does it (column names and
  types, before anything is written); the table keeps dbt-duckdb's `create_table_as`, which creates
  the contract's constraints.
-#}
{% materialization view, adapter='duckdb' %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- if config.get('contract').enforced -%}
        {{ get_assert_columns_equivalent(sql) }}
    {%- endif %}
    {#- a table of that name (the model was a table before): `create or replace view` would fail -#}
    {%- set replaced = existing_relation if existing_relation is not none and not existing_relation.is_view else none -%}
    {%- set create_sql -%}
        create or replace view {{ target_relation }} as (
            {{ sql }}
        );
    {%- endset %}
    {{ return(lean_create_or_replace(target_relation, replaced, create_sql)) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb' %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set create_sql = create_table_as(False, target_relation, sql) -%}
    {{ return(lean_create_or_replace(target_relation, existing_relation, create_sql)) }}
{% endmaterialization %}

{#- The model's hooks, then, in one transaction, the relation it replaces dropped and ``create_sql``. -#}
{% macro lean_create_or_replace(target_relation, replaced_relation, create_sql) %}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {% call statement('main') -%}
        {%- if replaced_relation is not none -%}
            {{ get_drop_sql(replaced_relation) }};
        {%- endif %}
        {{ create_sql }}
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmacro %}
