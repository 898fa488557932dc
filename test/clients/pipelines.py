"""Pipeline resources through boto3: create/describe/update/list/versions/tags/delete, the SageMaker Python SDK's
upsert() pattern, and errors as botocore surfaces them (api-spec §1.7, §2.1-2.7, §2.19, §7).

Usage: python3 test/clients/pipelines.py <endpoint_url>
"""

import datetime
import json

from botocore.exceptions import ClientError

from _sluice import (
    ROLE_ARN,
    Suite,
    assert_recent_datetime,
    endpoint_from_argv,
    expect_error,
    message_of,
    pipeline_arn,
    read_shared_definition,
    sagemaker_client,
    unique,
)

sm = sagemaker_client(endpoint_from_argv())
suite = Suite('pipelines.py')

# A real definition, kept byte for byte as the file has it (indentation and newlines included).
ABALONE = read_shared_definition('ex-abalone-train-eval-condition-fail.json')


def condition_definition(steps=('Check',), threshold=3):
    return json.dumps(
        {
            'Version': '2020-12-01',
            'Metadata': {},
            'Parameters': [{'Name': 'Threshold', 'Type': 'Integer', 'DefaultValue': threshold}],
            'PipelineExperimentConfig': None,
            'Steps': [
                {
                    'Name': name,
                    'Type': 'Condition',
                    'Arguments': {
                        'Conditions': [
                            {'Type': 'GreaterThan', 'LeftValue': {'Get': 'Parameters.Threshold'}, 'RightValue': 1}
                        ],
                        'IfSteps': [],
                        'ElseSteps': [],
                    },
                }
                for name in steps
            ],
        }
    )


def tags_of(arn):
    return {t['Key']: t['Value'] for t in sm.list_tags(ResourceArn=arn)['Tags']}


def upsert(name, definition, tags):
    """What sagemaker.workflow.pipeline.Pipeline.upsert() does: create, or on 'already exists' update and merge
    tags through ListTags + AddTags on the returned ARN. Returns (created?, response)."""
    try:
        return True, sm.create_pipeline(PipelineName=name, PipelineDefinition=definition, RoleArn=ROLE_ARN, Tags=tags)
    except ClientError as error:
        code, text = error.response['Error']['Code'], error.response['Error']['Message']
        if not (code == 'ValidationException' and 'already exists' in text):
            raise
    response = sm.update_pipeline(PipelineName=name, PipelineDefinition=definition, RoleArn=ROLE_ARN)
    old = sm.list_tags(ResourceArn=response['PipelineArn'])['Tags']
    merged = {t['Key']: t['Value'] for t in old} | {t['Key']: t['Value'] for t in tags}
    sm.add_tags(ResourceArn=response['PipelineArn'], Tags=[{'Key': k, 'Value': v} for k, v in merged.items()])
    return False, response


state = {}


@suite.section('create_pipeline with tags, describe_pipeline returns the definition unchanged')
def create_and_describe():
    name = unique('Abalone')
    created = sm.create_pipeline(
        PipelineName=name,
        PipelineDefinition=ABALONE,
        PipelineDescription='abalone, as the SDK example builds it',
        RoleArn=ROLE_ARN,
        Tags=[{'Key': 'team', 'Value': 'ml'}, {'Key': 'stage', 'Value': 'dev'}],
    )
    assert created['PipelineArn'] == pipeline_arn(name), f'PipelineArn: {created["PipelineArn"]}'
    state['abalone'] = name

    described = sm.describe_pipeline(PipelineName=name)
    assert described['PipelineDefinition'] == ABALONE, 'PipelineDefinition must come back exactly as sent'
    assert described['PipelineArn'] == created['PipelineArn']
    assert described['PipelineName'] == name
    assert described['PipelineDisplayName'] == name, f'display name defaults to the name: {described}'
    assert described['PipelineDescription'] == 'abalone, as the SDK example builds it'
    assert described['RoleArn'] == ROLE_ARN
    assert described['PipelineStatus'] == 'Active', described['PipelineStatus']
    assert_recent_datetime(described['CreationTime'], 'DescribePipeline.CreationTime')
    assert_recent_datetime(described['LastModifiedTime'], 'DescribePipeline.LastModifiedTime')
    assert described['CreatedBy'] == {}, described.get('CreatedBy')
    assert 'LastRunTime' not in described, f'never run, yet LastRunTime = {described.get("LastRunTime")}'

    by_arn = sm.describe_pipeline(PipelineName=created['PipelineArn'])
    assert by_arn['PipelineName'] == name, 'DescribePipeline accepts the ARN too'
    assert sm.describe_pipeline(PipelineName=name, PipelineVersionId=1)['PipelineDefinition'] == ABALONE
    assert tags_of(created['PipelineArn']) == {'team': 'ml', 'stage': 'dev'}


@suite.section('update_pipeline makes version 2; list_pipeline_versions and update_pipeline_version')
def update_and_versions():
    name = unique('versioned')
    arn = sm.create_pipeline(PipelineName=name, PipelineDefinition=condition_definition(), RoleArn=ROLE_ARN)[
        'PipelineArn'
    ]
    before = sm.describe_pipeline(PipelineName=name)
    v2 = condition_definition(['First', 'Second'])
    updated = sm.update_pipeline(PipelineName=name, PipelineDefinition=v2, PipelineDescription='second')
    assert updated['PipelineArn'] == arn, updated
    assert updated['PipelineVersionId'] == 2, f'first update must make version 2: {updated}'

    latest = sm.describe_pipeline(PipelineName=name)
    assert latest['PipelineDefinition'] == v2
    assert latest['PipelineDescription'] == 'second'
    assert latest['LastModifiedTime'] >= before['LastModifiedTime']
    assert latest['CreationTime'] == before['CreationTime'], 'an update must not move CreationTime'
    v1 = sm.describe_pipeline(PipelineName=name, PipelineVersionId=1)
    assert v1['PipelineDefinition'] == condition_definition(), 'version 1 keeps its own definition'

    versions = sm.list_pipeline_versions(PipelineName=name)['PipelineVersionSummaries']
    assert [v['PipelineVersionId'] for v in versions] == [2, 1], f'newest first: {versions}'
    for v in versions:
        assert v['PipelineArn'] == arn
        assert_recent_datetime(v['CreationTime'], 'PipelineVersionSummary.CreationTime')
    # The SDK's latest_pipeline_version_id: MaxResults=1, item 0.
    first_page = sm.list_pipeline_versions(PipelineName=name, MaxResults=1)
    assert [v['PipelineVersionId'] for v in first_page['PipelineVersionSummaries']] == [2]
    assert first_page.get('NextToken'), 'a second page exists, so NextToken must be set'
    paged = [
        v['PipelineVersionId']
        for page in sm.get_paginator('list_pipeline_versions').paginate(
            PipelineName=arn, PaginationConfig={'PageSize': 1}
        )
        for v in page['PipelineVersionSummaries']
    ]
    assert paged == [2, 1], f'paginator over the ARN: {paged}'

    renamed = sm.update_pipeline_version(
        PipelineArn=arn,
        PipelineVersionId=1,
        PipelineVersionDisplayName='baseline',
        PipelineVersionDescription='the first definition',
    )
    assert renamed['PipelineArn'] == arn and renamed['PipelineVersionId'] == 1, renamed
    v1 = sm.describe_pipeline(PipelineName=name, PipelineVersionId=1)
    assert v1['PipelineVersionDisplayName'] == 'baseline', v1
    assert v1['PipelineVersionDescription'] == 'the first definition', v1
    summaries = sm.list_pipeline_versions(PipelineName=name)['PipelineVersionSummaries']
    listed = {v['PipelineVersionId']: v for v in summaries}
    assert listed[1].get('PipelineVersionDisplayName') == 'baseline', listed[1]
    assert 'PipelineVersionDisplayName' not in listed[2], f'only version 1 was renamed: {listed[2]}'

    missing = expect_error(sm.describe_pipeline, 'ResourceNotFound', PipelineName=name, PipelineVersionId=9)
    assert isinstance(missing, sm.exceptions.ResourceNotFound)
    expect_error(sm.update_pipeline_version, 'ResourceNotFound', PipelineArn=arn, PipelineVersionId=9)


@suite.section('list_pipelines with PipelineNamePrefix, sorting, CreatedAfter and the list_pipelines paginator')
def list_and_paginate():
    prefix = unique('lst').lower()
    names = [f'{prefix}-{i}' for i in range(5)]
    for n in names:
        sm.create_pipeline(PipelineName=n, PipelineDefinition=condition_definition(), RoleArn=ROLE_ARN)
    sm.create_pipeline(PipelineName=f'x{prefix}', PipelineDefinition=condition_definition(), RoleArn=ROLE_ARN)

    listed = sm.list_pipelines(PipelineNamePrefix=prefix, SortBy='Name', SortOrder='Ascending')
    assert [p['PipelineName'] for p in listed['PipelineSummaries']] == names, listed['PipelineSummaries']
    assert 'NextToken' not in listed, 'a single page has no NextToken'
    for p in listed['PipelineSummaries']:
        assert p['PipelineArn'] == pipeline_arn(p['PipelineName'])
        assert p['PipelineDisplayName'] == p['PipelineName']
        assert p['RoleArn'] == ROLE_ARN
        assert_recent_datetime(p['CreationTime'], 'PipelineSummary.CreationTime')
    descending = sm.list_pipelines(PipelineNamePrefix=prefix, SortBy='Name', SortOrder='Descending')
    assert [p['PipelineName'] for p in descending['PipelineSummaries']] == names[::-1]

    pages = list(
        sm.get_paginator('list_pipelines').paginate(
            PipelineNamePrefix=prefix, SortBy='Name', SortOrder='Ascending', PaginationConfig={'PageSize': 2}
        )
    )
    sizes = [len(p['PipelineSummaries']) for p in pages]
    assert sizes == [2, 2, 1], f'PageSize 2 over 5 pipelines: page sizes {sizes}'
    assert all(p.get('NextToken') for p in pages[:-1]) and not pages[-1].get('NextToken')
    assert [s['PipelineName'] for p in pages for s in p['PipelineSummaries']] == names
    full = sm.get_paginator('list_pipelines').paginate(
        PipelineNamePrefix=prefix, PaginationConfig={'PageSize': 3}
    ).build_full_result()
    assert sorted(p['PipelineName'] for p in full['PipelineSummaries']) == names

    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert sm.list_pipelines(PipelineNamePrefix=prefix, CreatedAfter=future)['PipelineSummaries'] == []
    assert len(sm.list_pipelines(PipelineNamePrefix=prefix, CreatedBefore=future)['PipelineSummaries']) == 5


@suite.section("the SageMaker Python SDK's upsert(): create, then update + ListTags + AddTags on 'already exists'")
def sdk_upsert():
    name = unique('upsert')
    created, first = upsert(name, condition_definition(), [{'Key': 'owner', 'Value': 'alice'}])
    assert created, 'the first upsert creates the pipeline'
    duplicate = expect_error(
        sm.create_pipeline, 'ValidationException', PipelineName=name, PipelineDefinition=ABALONE, RoleArn=ROLE_ARN
    )
    text = message_of(duplicate)
    assert 'already exists' in text, text
    assert 'Pipeline names must be unique within an AWS account and region' in text, text

    created, second = upsert(
        name, condition_definition(['A', 'B']), [{'Key': 'owner', 'Value': 'bob'}, {'Key': 'cost', 'Value': 'ml'}]
    )
    assert not created, 'the second upsert updates'
    assert second['PipelineArn'] == first['PipelineArn']
    assert second['PipelineVersionId'] == 2, second
    assert tags_of(second['PipelineArn']) == {'owner': 'bob', 'cost': 'ml'}
    assert sm.describe_pipeline(PipelineName=name)['PipelineDefinition'] == condition_definition(['A', 'B'])


@suite.section('add_tags / list_tags / delete_tags on a pipeline ARN')
def tagging():
    name = unique('tagged')
    arn = sm.create_pipeline(
        PipelineName=name,
        PipelineDefinition=condition_definition(),
        RoleArn=ROLE_ARN,
        Tags=[{'Key': 'a', 'Value': '1'}],
    )['PipelineArn']
    added = sm.add_tags(ResourceArn=arn, Tags=[{'Key': 'a', 'Value': '2'}, {'Key': 'b', 'Value': ''}])
    assert {t['Key'] for t in added['Tags']} >= {'a', 'b'}, added['Tags']
    assert tags_of(arn) == {'a': '2', 'b': ''}, 'AddTags overwrites by key'
    sm.delete_tags(ResourceArn=arn, TagKeys=['a', 'never-set'])
    assert tags_of(arn) == {'b': ''}
    ghost = pipeline_arn(unique('ghost'))
    expect_error(sm.add_tags, 'ValidationException', ResourceArn=ghost, Tags=[{'Key': 'k', 'Value': 'v'}])
    expect_error(sm.list_tags, 'ValidationException', ResourceArn=ghost)


@suite.section('errors: ResourceNotFound, broken definitions, invalid enums and constraints')
def errors():
    missing = unique('missing')
    try:
        sm.describe_pipeline(PipelineName=missing)
        raise AssertionError('describe_pipeline of a missing pipeline succeeded')
    except sm.exceptions.ResourceNotFound as error:
        assert error.response['Error']['Code'] == 'ResourceNotFound'
        assert message_of(error).endswith('does not exist.'), f'ACK needs the suffix "does not exist.": {error}'
        assert missing in message_of(error), message_of(error)
    expect_error(sm.update_pipeline, 'ResourceNotFound', PipelineName=missing, PipelineDescription='x')
    expect_error(sm.delete_pipeline, 'ResourceNotFound', PipelineName=missing)
    expect_error(sm.list_pipeline_versions, 'ResourceNotFound', PipelineName=missing)

    broken = {
        'malformed JSON': ('{"Version": "2020-12-01", "Steps": [', ['Unable to parse pipeline definition']),
        'no Steps': (json.dumps({'Version': '2020-12-01'}), ['Steps']),
        'unknown step type': (
            json.dumps({'Version': '2020-12-01', 'Steps': [{'Name': 'Weird', 'Type': 'Teleport', 'Arguments': {}}]}),
            ['Teleport'],
        ),
        'undeclared parameter': (
            json.dumps(
                {
                    'Version': '2020-12-01',
                    'Steps': [
                        {
                            'Name': 'Gate',
                            'Type': 'Condition',
                            'Arguments': {
                                'Conditions': [
                                    {'Type': 'Equals', 'LeftValue': {'Get': 'Parameters.Ghost'}, 'RightValue': 1}
                                ],
                                'IfSteps': [],
                                'ElseSteps': [],
                            },
                        }
                    ],
                }
            ),
            ['Ghost', 'Gate'],
        ),
    }
    for what, (definition, words) in broken.items():
        name = unique('broken')
        error = expect_error(
            sm.create_pipeline,
            'ValidationException',
            PipelineName=name,
            PipelineDefinition=definition,
            RoleArn=ROLE_ARN,
        )
        for word in words:
            assert word in message_of(error), f'{what}: the message should name {word!r}: {message_of(error)}'
        expect_error(sm.describe_pipeline, 'ResourceNotFound', PipelineName=name)

    enum = expect_error(sm.list_pipelines, 'ValidationException', SortBy='Bogus')
    assert 'Bogus' in message_of(enum) and 'enum' in message_of(enum), message_of(enum)
    enum = expect_error(sm.list_pipelines, 'ValidationException', SortOrder='Sideways')
    assert 'Sideways' in message_of(enum), message_of(enum)
    # botocore checks only min constraints client-side; max and patterns are the server's job (api-spec §1.5).
    expect_error(sm.list_pipelines, 'ValidationException', MaxResults=101)
    pattern = expect_error(
        sm.create_pipeline,
        'ValidationException',
        PipelineName='no_underscores!',
        PipelineDefinition=condition_definition(),
        RoleArn=ROLE_ARN,
    )
    assert 'no_underscores!' in message_of(pattern), message_of(pattern)
    expect_error(
        sm.create_pipeline,
        'ValidationException',
        PipelineName=unique('badrole'),
        PipelineDefinition=condition_definition(),
        RoleArn='not-a-role-arn-at-all-really',
    )


@suite.section('delete_pipeline')
def delete():
    name = state.get('abalone') or unique('doomed')
    if 'abalone' not in state:
        sm.create_pipeline(PipelineName=name, PipelineDefinition=ABALONE, RoleArn=ROLE_ARN)
    deleted = sm.delete_pipeline(PipelineName=name)
    assert deleted['PipelineArn'] == pipeline_arn(name), deleted
    gone = expect_error(sm.describe_pipeline, 'ResourceNotFound', PipelineName=name)
    assert message_of(gone).endswith('does not exist.'), message_of(gone)
    assert sm.list_pipelines(PipelineNamePrefix=name)['PipelineSummaries'] == []
    expect_error(sm.delete_pipeline, 'ResourceNotFound', PipelineName=name)


suite.run()
